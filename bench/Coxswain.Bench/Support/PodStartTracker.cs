using System.Diagnostics;
using System.Text.Json;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Controllers;
using Coxswain.LocalCluster.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coxswain.Bench.Support;

/// <summary>
/// Follows one namespace's pods straight from the in-process server's event log (no HTTP, so it costs the server next to
/// nothing) and stamps the moment each pod was first seen, bound to a node, Running and Ready. That splits "pods started
/// per second" into its stages (controllers creating, scheduler binding, kubelet starting, readiness), which is how a run
/// shows where the time between create and Ready goes.
/// </summary>
public sealed class PodStartTracker : IAsyncDisposable
{
    public enum Stage { Created, Scheduled, Running, Ready }

    static readonly int StageCount = Enum.GetValues<Stage>().Length;

    readonly string podKeyPrefix;
    readonly Dictionary<string, long[]> stamps = new(StringComparer.Ordinal);
    readonly int[] counts = new int[StageCount];
    readonly object gate = new();
    readonly CancellationTokenSource stop = new();
    readonly Task following;
    readonly List<(int Target, TaskCompletionSource<long> Reached)> readyWaiters = new();
    /// <summary>Every write the store committed while following, by resource (any namespace): what a pod started costs in writes.</summary>
    readonly Dictionary<string, long> writesByResource = new(StringComparer.Ordinal);

    public PodStartTracker(ObjectStore store, string ns)
    {
        podKeyPrefix = ObjectKeys.Prefix(BuiltInResources.Pods, ns);
        following = StoreEventLoop.Run(store, "pod-start-tracker", NullLogger.Instance, _ => Task.CompletedTask,
            e =>
            {
                OnEvent(e);
                return Task.CompletedTask;
            }, stop.Token);
    }

    /// <summary>How many pods have reached each stage so far.</summary>
    public int Count(Stage stage)
    {
        lock (gate) return counts[(int)stage];
    }

    /// <summary>Completes with the timestamp at which <paramref name="pods"/> pods had been Ready.</summary>
    public Task<long> WhenReady(int pods)
    {
        lock (gate)
        {
            if (counts[(int)Stage.Ready] >= pods) return Task.FromResult(Stopwatch.GetTimestamp());
            var reached = new TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
            readyWaiters.Add((pods, reached));
            return reached.Task;
        }
    }

    /// <summary>Per pod, the time from reaching <paramref name="from"/> to reaching <paramref name="to"/>.</summary>
    public LatencyStats Between(Stage from, Stage to)
    {
        lock (gate)
            return new LatencyStats(stamps.Values.Where(s => s[(int)from] > 0 && s[(int)to] > 0).Select(s => s[(int)to] - s[(int)from]));
    }

    /// <summary>When the first pod reached <paramref name="stage"/> and when the last one did (Stopwatch timestamps).</summary>
    public (long First, long Last) Span(Stage stage)
    {
        lock (gate)
        {
            var reached = stamps.Values.Select(s => s[(int)stage]).Where(t => t > 0).ToList();
            return reached.Count == 0 ? (0, 0) : (reached.Min(), reached.Max());
        }
    }

    /// <summary>The writes committed so far, by resource ("pods", "events", "leases.coordination.k8s.io", …).</summary>
    public IReadOnlyDictionary<string, long> WritesByResource()
    {
        lock (gate) return new Dictionary<string, long>(writesByResource);
    }

    void OnEvent(WatchEvent e)
    {
        var resource = ObjectStore.BucketOf(e.Object.Key);
        lock (gate) writesByResource[resource] = writesByResource.GetValueOrDefault(resource) + 1;
        if (e.Type == WatchEventType.Deleted || !e.Object.Key.StartsWith(podKeyPrefix, StringComparison.Ordinal)) return;
        var now = Stopwatch.GetTimestamp();
        var fields = e.Object.Attributes.Fields;
        lock (gate)
        {
            if (!stamps.TryGetValue(e.Object.Key, out var s)) stamps[e.Object.Key] = s = new long[StageCount];
            Mark(s, Stage.Created, now);
            if (fields.GetValueOrDefault("spec.nodeName") is { Length: > 0 }) Mark(s, Stage.Scheduled, now);
            if (fields.GetValueOrDefault("status.phase") != "Running") return;
            Mark(s, Stage.Running, now);
            if (s[(int)Stage.Ready] == 0 && IsReady(e.Object.Value)) Mark(s, Stage.Ready, now);
            var ready = counts[(int)Stage.Ready];
            foreach (var waiter in readyWaiters.Where(w => w.Target <= ready)) waiter.Reached.TrySetResult(now);
            readyWaiters.RemoveAll(w => w.Target <= ready);
        }
    }

    void Mark(long[] s, Stage stage, long now)
    {
        if (s[(int)stage] != 0) return;
        s[(int)stage] = now;
        counts[(int)stage]++;
    }

    static bool IsReady(byte[] pod)
    {
        using var doc = JsonDocument.Parse(pod);
        if (!doc.RootElement.TryGetProperty("status", out var status) || !status.TryGetProperty("conditions", out var conditions)) return false;
        foreach (var c in conditions.EnumerateArray())
            if (c.GetProperty("type").ValueEquals("Ready")) return c.GetProperty("status").ValueEquals("True");
        return false;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await following.ConfigureAwait(false);
        stop.Dispose();
    }
}
