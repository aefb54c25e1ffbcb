using System.Net.Http.Headers;

namespace Coxswain.Bench.Support;

/// <summary>The raw Kubernetes API requests the benchmarks send to our server.</summary>
public static class KubeRequests
{
    static readonly MediaTypeHeaderValue Json = new("application/json");

    /// <summary>A newline ends every event on a Kubernetes JSON watch stream.</summary>
    public static readonly byte[] WatchEventMarker = "\n"u8.ToArray();

    public static HttpRequestMessage CreatePod(string name)
    {
        var content = new ByteArrayContent(PodManifest.Json(name));
        content.Headers.ContentType = Json;
        return new HttpRequestMessage(HttpMethod.Post, PodManifest.PodsPath) { Content = content };
    }

    /// <summary>A watch on the benchmark namespace's pods starting after <paramref name="resourceVersion"/> (no initial events).</summary>
    public static HttpRequestMessage WatchPods(long resourceVersion) =>
        new(HttpMethod.Get, $"{PodManifest.PodsPath}?watch=true&resourceVersion={resourceVersion}");
}
