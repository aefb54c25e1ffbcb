using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Client;

/// <summary>
/// An object reduced to its type and metadata (<c>meta.k8s.io/v1 PartialObjectMetadata</c>), what a metadata-only
/// watch returns. Caching these instead of full objects is seed 003's answer to memory growth when a controller only
/// needs names, labels, owners or finalizers (kube-rs's <c>metadata_watcher</c>). KubernetesClient has no such model.
/// </summary>
public sealed class PartialObjectMetadata : IKubernetesObject<V1ObjectMeta>
{
    [JsonPropertyName("apiVersion")]
    public string ApiVersion { get; set; } = "meta.k8s.io/v1";

    [JsonPropertyName("kind")]
    public string Kind { get; set; } = "PartialObjectMetadata";

    [JsonPropertyName("metadata")]
    public V1ObjectMeta Metadata { get; set; } = new();
}
