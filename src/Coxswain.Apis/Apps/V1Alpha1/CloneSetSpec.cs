using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;
using Coxswain.Apis.Apps.Pub;
using Coxswain.Apis.CustomResources;
using Coxswain.LocalCluster.OpenApi;
using k8s.Models;

namespace Coxswain.Apis.Apps.V1Alpha1;

/// <summary>The desired state of a CloneSet.</summary>
[Description("CloneSetSpec defines the desired state of CloneSet")]
public sealed class CloneSetSpec
{
    [Description("Replicas is the desired number of replicas of the given Template. These are replicas in the sense that they are instantiations of the same Template. If unspecified, defaults to 1.")]
    [JsonPropertyName("replicas")] public int? Replicas { get; set; }

    [Description("Selector is a label query over pods that should match the replica count. It must match the pod template's labels.")]
    [Required]
    [JsonPropertyName("selector")] public V1LabelSelector? Selector { get; set; }

    /// <summary>Schemaless in the CRD: the mutating webhook defaults it, so pruning must not drop defaulted fields.</summary>
    [Description("Template describes the pods that will be created.")]
    [Required]
    [PreserveUnknownFields]
    [JsonPropertyName("template")] public V1PodTemplateSpec Template { get; set; } = new();

    [Description("VolumeClaimTemplates is a list of claims that pods are allowed to reference. Note that PVC will be deleted when its pod has been deleted.")]
    [PreserveUnknownFields]
    [JsonPropertyName("volumeClaimTemplates")] public IList<V1PersistentVolumeClaim>? VolumeClaimTemplates { get; set; }

    [Description("ScaleStrategy indicates the ScaleStrategy that will be employed to create and delete Pods in the CloneSet.")]
    [JsonPropertyName("scaleStrategy")] public CloneSetScaleStrategy ScaleStrategy { get; set; } = new();

    [Description("UpdateStrategy indicates the UpdateStrategy that will be employed to update Pods in the CloneSet when a revision is made to Template.")]
    [JsonPropertyName("updateStrategy")] public CloneSetUpdateStrategy UpdateStrategy { get; set; } = new();

    [Description("RevisionHistoryLimit is the maximum number of revisions that will be maintained in the CloneSet's revision history. The revision history consists of all revisions not represented by a currently applied CloneSetSpec version. The default value is 10.")]
    [JsonPropertyName("revisionHistoryLimit")] public int? RevisionHistoryLimit { get; set; }

    [Description("Minimum number of seconds for which a newly created pod should be ready without any of its container crashing, for it to be considered available. Defaults to 0 (pod will be considered available as soon as it is ready)")]
    [JsonPropertyName("minReadySeconds")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int MinReadySeconds { get; set; }

    [Description("Lifecycle defines the lifecycle hooks for Pods pre-available(pre-normal), pre-delete, in-place update.")]
    [JsonPropertyName("lifecycle")] public Lifecycle? Lifecycle { get; set; }
}

/// <summary>How pods are created and deleted.</summary>
public sealed class CloneSetScaleStrategy
{
    [Description("PodsToDelete is the names of Pod should be deleted. Note that this list will be truncated for non-existing pod names.")]
    [JsonPropertyName("podsToDelete")] public IList<string>? PodsToDelete { get; set; }

    [Description("The maximum number of pods that can be unavailable during scaling. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding down. It can just be allowed to work with Parallel podManagementPolicy.")]
    [JsonPropertyName("maxUnavailable")] public IntOrString? MaxUnavailable { get; set; }

    [Description("Indicate if cloneset will reuse already existed pvc to rebuild a new pod")]
    [JsonPropertyName("disablePVCReuse")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool DisablePvcReuse { get; set; }
}

/// <summary>How pods move to a new revision.</summary>
public sealed class CloneSetUpdateStrategy
{
    [Description("Type indicates the type of the CloneSetUpdateStrategy. Default is ReCreate.")]
    [JsonPropertyName("type")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public string? Type { get; set; }

    [Description("Partition is the desired number of pods in old revisions. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding up by default. It means when partition is set during pods updating, (replicas - partition value) number of pods will be updated. Default value is 0.")]
    [JsonPropertyName("partition")] public IntOrString? Partition { get; set; }

    [Description("The maximum number of pods that can be unavailable during update or scale. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding up by default. When maxSurge > 0, absolute number is calculated from percentage by rounding down. Defaults to 20%.")]
    [JsonPropertyName("maxUnavailable")] public IntOrString? MaxUnavailable { get; set; }

    [Description("The maximum number of pods that can be scheduled above the desired replicas during update or specified delete. Value can be an absolute number (ex: 5) or a percentage of desired pods (ex: 10%). Absolute number is calculated from percentage by rounding up. Defaults to 0.")]
    [JsonPropertyName("maxSurge")] public IntOrString? MaxSurge { get; set; }

    [Description("Paused indicates that the CloneSet is paused. Default value is false")]
    [JsonPropertyName("paused")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Paused { get; set; }

    [Description("Priorities are the rules for calculating the priority of updating pods. Each pod to be updated, will pass through these terms and get a sum of weights.")]
    [JsonPropertyName("priorityStrategy")] public UpdatePriorityStrategy? PriorityStrategy { get; set; }

    [Description("ScatterStrategy defines the scatter rules to make pods been scattered when update. This will avoid pods with the same key-value to be updated in one batch.")]
    [JsonPropertyName("scatterStrategy")] public IList<UpdateScatterTerm>? ScatterStrategy { get; set; }

    [Description("InPlaceUpdateStrategy contains strategies for in-place update.")]
    [JsonPropertyName("inPlaceUpdateStrategy")] public InPlaceUpdateStrategy? InPlaceUpdateStrategy { get; set; }
}

/// <summary>Values of <see cref="CloneSetUpdateStrategy.Type"/>.</summary>
public static class CloneSetUpdateStrategyTypes
{
    /// <summary>Delete old pods and create new ones (the default).</summary>
    public const string ReCreate = "ReCreate";

    /// <summary>Update in place when only images or metadata changed, otherwise recreate.</summary>
    public const string InPlaceIfPossible = "InPlaceIfPossible";

    /// <summary>Update in place only; the webhook rejects template changes other than images.</summary>
    public const string InPlaceOnly = "InPlaceOnly";
}
