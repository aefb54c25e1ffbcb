using System.Text.Json.Serialization;

namespace Coxswain.Workloads.InPlaceUpdate;

/// <summary>
/// What an in-place update changes on a pod: the new revision, container images and template metadata. It is also the
/// JSON kept in <c>apps.kruise.io/inplace-update-grace</c> while a grace period delays the image patch (field names as
/// OpenKruise's UpdateSpec).
/// </summary>
public sealed class InPlaceUpdateSpec
{
    [JsonPropertyName("revision")] public string Revision { get; set; } = "";

    /// <summary>New image per container name.</summary>
    [JsonPropertyName("containerImages")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IDictionary<string, string>? ContainerImages { get; set; }

    /// <summary>Template labels and annotations after the update (patched onto the pod; keys removed from the template are removed).</summary>
    [JsonPropertyName("metadataChanges")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public InPlaceMetadataChanges? MetadataChanges { get; set; }

    [JsonPropertyName("graceSeconds")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int GraceSeconds { get; set; }

    /// <summary>Only metadata changes: no container restarts, so the pod need not be marked unready.</summary>
    [JsonIgnore]
    public bool IsMetadataOnly => ContainerImages is not { Count: > 0 };
}

/// <summary>Label and annotation changes of the pod template between two revisions (null value: removed).</summary>
public sealed class InPlaceMetadataChanges
{
    [JsonPropertyName("labels")] public IDictionary<string, string?> Labels { get; set; } = new Dictionary<string, string?>();

    [JsonPropertyName("annotations")] public IDictionary<string, string?> Annotations { get; set; } = new Dictionary<string, string?>();
}
