using System.Text.Json.Nodes;
using k8s;

namespace Coxswain.Apis.Apps.Models;

/// <summary>
/// Moves KubernetesClient models to and from wire JSON, so that the local API server's defaulting and validation
/// (which work on wire JSON, as the API server stores it) apply to typed objects.
/// </summary>
public static class ModelJson
{
    public static JsonObject ToJsonObject<T>(T model) => (JsonObject)JsonNode.Parse(KubernetesJson.Serialize(model!))!;

    public static T FromJsonObject<T>(JsonNode json) => KubernetesJson.Deserialize<T>(json.ToJsonString());

    /// <summary>A deep copy through JSON, as Go's DeepCopy.</summary>
    public static T DeepCopy<T>(T model) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(model!));
}
