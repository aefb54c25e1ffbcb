using Coxswain.Bench.Runner;
using Coxswain.Bench.Support;
using k8s;
using k8s.Models;

namespace Coxswain.Bench.Benchmarks;

/// <summary>
/// Managed memory per cached pod: the runtime's shared informer (store with its default transforms and indexes, plus
/// the watch it keeps open) against the same pods held as the <c>List&lt;V1Pod&gt;</c> of one plain KubernetesClient
/// list — what a KubeOps-style operator keeps. Each is measured as the growth of the live heap after full collections, in
/// a fresh child process of its own (<see cref="CacheMemoryProcess"/>), against the same server.
/// </summary>
public sealed class CacheMemory : IBenchmark
{
    public string Name => "cache-memory";

    public string Description => "memory per cached pod: runtime informer store vs List<V1Pod> from a plain KubernetesClient list";

    public async Task<BenchmarkReport> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var count = options.Int("pods", 10_000);
        await using var cluster = await PodCluster.StartAsync(count, ct).ConfigureAwait(false);

        Console.WriteLine("  baseline: List<V1Pod> from one list");
        var baselineBytes = await CacheMemoryProcess.MeasureAsync(cluster.KubeconfigPath, "list", count, ct).ConfigureAwait(false);
        Console.WriteLine("  ours: shared informer store");
        var oursBytes = await CacheMemoryProcess.MeasureAsync(cluster.KubeconfigPath, "informer", count, ct).ConfigureAwait(false);

        var sample = (await cluster.Client.CoreV1.ListNamespacedPodAsync(PodManifest.Namespace, limit: 1, cancellationToken: ct).ConfigureAwait(false)).Items[0];
        return new BenchmarkReport(Name, "List<V1Pod> of one KubernetesClient list (KubeOps-style)",
            [new Comparison("cache memory per pod", "bytes", (double)oursBytes / count, (double)baselineBytes / count, MaxRatio: 0.5)],
            [
                $"{count:N0} pods in one namespace, created in {cluster.Seeding.TotalSeconds:0.0} s; one pod as served is {KubernetesJson.Serialize(sample).Length:N0} bytes of JSON, " +
                $"{KubernetesJson.Serialize(sample.Metadata.ManagedFields).Length:N0} of them managedFields",
                $"live heap growth: ours {oursBytes / 1048576.0:0.0} MiB, baseline {baselineBytes / 1048576.0:0.0} MiB",
            ]);
    }
}
