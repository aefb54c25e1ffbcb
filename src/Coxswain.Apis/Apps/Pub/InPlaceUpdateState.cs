using System.Text.Json.Serialization;

namespace Coxswain.Apis.Apps.Pub;

/// <summary>
/// The JSON kept in a pod's <c>apps.kruise.io/inplace-update-state</c> annotation while (and after) it is updated in
/// place: which revision it is going to, when, and the imageIDs its containers ran before, so that completion can be
/// told from the kubelet reporting a different imageID. Field names and omissions are OpenKruise's.
/// </summary>
public sealed class InPlaceUpdateState
{
    [JsonPropertyName("revision")] public string Revision { get; set; } = "";

    /// <summary>RFC 3339 time the update started.</summary>
    [JsonPropertyName("updateTimestamp")] public DateTime UpdateTimestamp { get; set; }

    /// <summary>Per container name, the status it had before the update (always written, if only as {}).</summary>
    [JsonPropertyName("lastContainerStatuses")]
    public IDictionary<string, InPlaceUpdateContainerStatus> LastContainerStatuses { get; set; } = new Dictionary<string, InPlaceUpdateContainerStatus>();

    [JsonPropertyName("updateEnvFromMetadata")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool UpdateEnvFromMetadata { get; set; }

    [JsonPropertyName("updateResources")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool UpdateResources { get; set; }

    [JsonPropertyName("updateImages")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool UpdateImages { get; set; }

    /// <summary>Images of containers left for later batches (container launch priority).</summary>
    [JsonPropertyName("nextContainerImages")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IDictionary<string, string>? NextContainerImages { get; set; }

    [JsonPropertyName("preCheckBeforeNext")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public InPlaceUpdatePreCheckBeforeNext? PreCheckBeforeNext { get; set; }

    [JsonPropertyName("containerBatchesRecord")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IList<InPlaceUpdateContainerBatch>? ContainerBatchesRecord { get; set; }
}

public sealed class InPlaceUpdateContainerStatus
{
    [JsonPropertyName("imageID")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ImageId { get; set; }
}

public sealed class InPlaceUpdatePreCheckBeforeNext
{
    [JsonPropertyName("containersRequiredReady")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IList<string>? ContainersRequiredReady { get; set; }
}

public sealed class InPlaceUpdateContainerBatch
{
    [JsonPropertyName("timestamp")] public DateTime Timestamp { get; set; }

    [JsonPropertyName("containers")] public IList<string> Containers { get; set; } = [];
}
