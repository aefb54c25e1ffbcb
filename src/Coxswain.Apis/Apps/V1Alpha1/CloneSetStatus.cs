using System.ComponentModel;
using System.ComponentModel.DataAnnotations;
using System.Text.Json.Serialization;

namespace Coxswain.Apis.Apps.V1Alpha1;

/// <summary>The observed state of a CloneSet. Counters without omitempty upstream are always written.</summary>
[Description("CloneSetStatus defines the observed state of CloneSet")]
public sealed class CloneSetStatus
{
    [Description("ObservedGeneration is the most recent generation observed for this CloneSet. It corresponds to the CloneSet's generation, which is updated on mutation by the API Server.")]
    [JsonPropertyName("observedGeneration")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public long ObservedGeneration { get; set; }

    [Description("Replicas is the number of Pods created by the CloneSet controller.")]
    [Required]
    [JsonPropertyName("replicas")] public int Replicas { get; set; }

    [Description("ReadyReplicas is the number of Pods created by the CloneSet controller that have a Ready Condition.")]
    [Required]
    [JsonPropertyName("readyReplicas")] public int ReadyReplicas { get; set; }

    [Description("AvailableReplicas is the number of Pods created by the CloneSet controller that have a Ready Condition for at least minReadySeconds.")]
    [Required]
    [JsonPropertyName("availableReplicas")] public int AvailableReplicas { get; set; }

    [Description("UpdatedReplicas is the number of Pods created by the CloneSet controller from the CloneSet version indicated by updateRevision.")]
    [Required]
    [JsonPropertyName("updatedReplicas")] public int UpdatedReplicas { get; set; }

    [Description("UpdatedReadyReplicas is the number of Pods created by the CloneSet controller from the CloneSet version indicated by updateRevision and have a Ready Condition.")]
    [Required]
    [JsonPropertyName("updatedReadyReplicas")] public int UpdatedReadyReplicas { get; set; }

    [Description("UpdatedAvailableReplicas is the number of Pods created by the CloneSet controller from the CloneSet version indicated by updateRevision and have a Ready Condition for at least minReadySeconds. Notice: when enable InPlaceWorkloadVerticalScaling, pod during resource resizing will also be unavailable. This means these pod will be counted in maxUnavailable.")]
    [JsonPropertyName("updatedAvailableReplicas")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int UpdatedAvailableReplicas { get; set; }

    [Description("ExpectedUpdatedReplicas is the number of Pods that should be updated by CloneSet controller. This field is calculated via Replicas - Partition.")]
    [JsonPropertyName("expectedUpdatedReplicas")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int ExpectedUpdatedReplicas { get; set; }

    [Description("UpdateRevision, if not empty, indicates the latest revision of the CloneSet.")]
    [JsonPropertyName("updateRevision")] public string? UpdateRevision { get; set; }

    [Description("currentRevision, if not empty, indicates the current revision version of the CloneSet.")]
    [JsonPropertyName("currentRevision")] public string? CurrentRevision { get; set; }

    [Description("CollisionCount is the count of hash collisions for the CloneSet. The CloneSet controller uses this field as a collision avoidance mechanism when it needs to create the name for the newest ControllerRevision.")]
    [JsonPropertyName("collisionCount")] public int? CollisionCount { get; set; }

    [Description("Conditions represents the latest available observations of a CloneSet's current state.")]
    [JsonPropertyName("conditions")] public IList<CloneSetCondition>? Conditions { get; set; }

    [Description("LabelSelector is label selectors for query over pods that should match the replica count used by HPA.")]
    [JsonPropertyName("labelSelector")] public string? LabelSelector { get; set; }
}

/// <summary>One observation of a CloneSet's state.</summary>
public sealed class CloneSetCondition
{
    [Description("Type of CloneSet condition.")]
    [Required]
    [JsonPropertyName("type")] public string Type { get; set; } = "";

    [Description("Status of the condition, one of True, False, Unknown.")]
    [Required]
    [JsonPropertyName("status")] public string Status { get; set; } = "";

    [Description("Last time the condition transitioned from one status to another.")]
    [JsonPropertyName("lastTransitionTime")] public DateTime? LastTransitionTime { get; set; }

    [Description("The reason for the condition's last transition.")]
    [JsonPropertyName("reason")] public string? Reason { get; set; }

    [Description("A human readable message indicating details about the transition.")]
    [JsonPropertyName("message")] public string? Message { get; set; }
}

/// <summary>Values of <see cref="CloneSetCondition.Type"/>.</summary>
public static class CloneSetConditionTypes
{
    /// <summary>Pods could not be created or deleted.</summary>
    public const string FailedScale = "FailedScale";

    /// <summary>Pods could not be updated.</summary>
    public const string FailedUpdate = "FailedUpdate";
}
