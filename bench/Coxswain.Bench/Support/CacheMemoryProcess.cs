using System.Diagnostics;
using System.Globalization;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Informers;
using k8s;
using k8s.Models;

namespace Coxswain.Bench.Support;

/// <summary>
/// Measures, in a fresh child process (this program started with <see cref="Command"/>), how much live managed heap one
/// way of holding the benchmark namespace's pods adds: <c>list</c> (the <c>List&lt;V1Pod&gt;</c> of one KubernetesClient
/// list) or <c>informer</c> (the runtime's shared informer). A child of its own keeps the in-process API server's buffers
/// and caches, and whatever the other side left behind, out of the figure; each side warms up first (serializer metadata,
/// HTTP connection, code paths) on a one-pod read, so only what is proportional to the pods is counted.
/// </summary>
public static class CacheMemoryProcess
{
    public const string Command = "--cache-memory-child";

    /// <summary>Runs one measurement; returns the live heap bytes the pods add.</summary>
    public static async Task<long> MeasureAsync(string kubeconfigPath, string mode, int count, CancellationToken ct)
    {
        var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
        if (Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet") start.ArgumentList.Add(typeof(CacheMemoryProcess).Assembly.Location);
        foreach (var arg in new[] { Command, kubeconfigPath, mode, count.ToString(CultureInfo.InvariantCulture) }) start.ArgumentList.Add(arg);
        start.Environment.Remove("DOTNET_DiagnosticPorts");
        start.Environment["DOTNET_gcServer"] = "0"; // a controller process measured as it would run: workstation GC
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the measuring process");
        var output = await process.StandardOutput.ReadToEndAsync(ct).ConfigureAwait(false);
        await process.WaitForExitAsync(ct).ConfigureAwait(false);
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault() ?? string.Empty;
        return line.StartsWith("bytes ", StringComparison.Ordinal)
            ? long.Parse(line[6..], CultureInfo.InvariantCulture)
            : throw new InvalidOperationException($"measuring process ({mode}) failed: {output}");
    }

    /// <summary>The child's side: <c>--cache-memory-child kubeconfig list|informer count</c>.</summary>
    public static async Task<int> RunChildAsync(string[] args)
    {
        var (kubeconfig, mode, count) = (args[0], args[1], int.Parse(args[2], CultureInfo.InvariantCulture));
        using var client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfig));
        object kept;
        long before;
        if (mode == "list")
        {
            GC.KeepAlive(await client.CoreV1.ListNamespacedPodAsync(PodManifest.Namespace, limit: 1).ConfigureAwait(false));
            before = ManagedHeap.LiveBytes();
            kept = (await client.CoreV1.ListNamespacedPodAsync(PodManifest.Namespace).ConfigureAwait(false)).Items;
        }
        else
        {
            await using var warm = new SharedInformerFactory(new KubernetesListWatchClientFactory(client));
            await warm.Get<V1Pod>(PodManifest.Namespace, new Runtime.Watchers.WatcherOptions { FieldSelector = "metadata.name=pod-000000" })
                .WaitForSyncAsync().ConfigureAwait(false);
            before = ManagedHeap.LiveBytes();
            var informers = new SharedInformerFactory(new KubernetesListWatchClientFactory(client));
            var informer = informers.Get<V1Pod>(PodManifest.Namespace);
            await informer.WaitForSyncAsync().ConfigureAwait(false);
            kept = informers;
        }

        var after = ManagedHeap.LiveBytes();
        var held = kept is List<V1Pod> list ? list.Count : ((SharedInformerFactory)kept).Get<V1Pod>(PodManifest.Namespace).Store.Count;
        GC.KeepAlive(kept);
        if (held != count)
        {
            Console.WriteLine($"error: held {held} of {count} pods");
            return 1;
        }

        Console.WriteLine($"bytes {after - before}");
        return 0;
    }
}
