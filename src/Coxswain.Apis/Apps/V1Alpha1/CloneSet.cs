using System.ComponentModel;
using System.Text.Json.Serialization;
using Coxswain.Apis.CustomResources;
using k8s;
using k8s.Models;

namespace Coxswain.Apis.Apps.V1Alpha1;

/// <summary>
/// OpenKruise's CloneSet (<c>apps.kruise.io/v1alpha1</c>): a set of interchangeable pods it manages directly, with
/// in-place update, partition, maxSurge/maxUnavailable and specified pod deletion.
/// </summary>
[Description("CloneSet is the Schema for the clonesets API")]
[KubernetesEntity(Group = Group, Kind = "CloneSet", ApiVersion = Version, PluralName = "clonesets")]
[CustomResource(ShortNames = ["clone"])]
[StatusSubresource]
[ScaleSubresource(SpecReplicasPath = ".spec.replicas", StatusReplicasPath = ".status.replicas", LabelSelectorPath = ".status.labelSelector")]
[PrinterColumn("DESIRED", "integer", ".spec.replicas", Description = "The desired number of pods.")]
[PrinterColumn("UPDATED", "integer", ".status.updatedReplicas", Description = "The number of pods updated.")]
[PrinterColumn("UPDATED_READY", "integer", ".status.updatedReadyReplicas", Description = "The number of pods updated and ready.")]
[PrinterColumn("UPDATED_AVAILABLE", "integer", ".status.updatedAvailableReplicas", Description = "The number of pods updated and available.")]
[PrinterColumn("READY", "integer", ".status.readyReplicas", Description = "The number of pods ready.")]
[PrinterColumn("TOTAL", "integer", ".status.replicas", Description = "The number of currently all pods.")]
[PrinterColumn("AGE", "date", ".metadata.creationTimestamp", Description = PrinterColumnAttribute.CreationTimestampDescription)]
[PrinterColumn("CONTAINERS", "string", ".spec.template.spec.containers[*].name", Priority = 1, Description = "The containers of currently cloneset.")]
[PrinterColumn("IMAGES", "string", ".spec.template.spec.containers[*].image", Priority = 1, Description = "The images of currently cloneset.")]
[PrinterColumn("SELECTOR", "string", ".status.labelSelector", Priority = 1, Description = "The selector of currently cloneset.")]
public sealed class CloneSet : IKubernetesObject<V1ObjectMeta>, ISpec<CloneSetSpec>
{
    public const string Group = "apps.kruise.io";
    public const string Version = "v1alpha1";
    public const string KubeApiVersion = Group + "/" + Version;
    public const string KubeKind = "CloneSet";

    [Description(TypeMetaDescriptions.ApiVersion)]
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = KubeApiVersion;

    [Description(TypeMetaDescriptions.Kind)]
    [JsonPropertyName("kind")] public string Kind { get; set; } = KubeKind;

    [JsonPropertyName("metadata")] public V1ObjectMeta Metadata { get; set; } = new();

    [JsonPropertyName("spec")] public CloneSetSpec Spec { get; set; } = new();

    [JsonPropertyName("status")] public CloneSetStatus? Status { get; set; }
}

/// <summary>A page of CloneSets, as the list verb returns it.</summary>
[KubernetesEntity(Group = CloneSet.Group, Kind = "CloneSetList", ApiVersion = CloneSet.Version, PluralName = "clonesets")]
public sealed class CloneSetList : IKubernetesObject<V1ListMeta>, IItems<CloneSet>
{
    [JsonPropertyName("apiVersion")] public string ApiVersion { get; set; } = CloneSet.KubeApiVersion;

    [JsonPropertyName("kind")] public string Kind { get; set; } = "CloneSetList";

    [JsonPropertyName("metadata")] public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")] public IList<CloneSet> Items { get; set; } = [];
}
