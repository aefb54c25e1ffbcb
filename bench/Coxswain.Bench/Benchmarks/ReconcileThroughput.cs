using System.Diagnostics;
using Coxswain.Bench.Runner;
using Coxswain.Bench.Support;
using Coxswain.Runtime.Controllers;
using Coxswain.Runtime.Informers;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Watchers;
using k8s.Models;

namespace Coxswain.Bench.Benchmarks;

/// <summary>
/// Reconciles per second of a no-op controller started cold over N pods — informer, store, event handlers, work queue
/// (de-duplication, rate limiter, metrics), one worker, reconcile dispatch — against the raw rate at which the same N
/// objects arrive as watch events (a bare watcher with a streaming list, nothing done with them). The ratio is what queue
/// and dispatch leave of the event rate.
/// </summary>
public sealed class ReconcileThroughput : IBenchmark
{
    public string Name => "reconcile-throughput";

    public string Description => "no-op controller reconciles/s over N pods vs the raw watch event rate of the same pods";

    public async Task<BenchmarkReport> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var count = options.Int("pods", 10_000);
        var rounds = Math.Max(1, options.Int("rounds", 3));
        var workers = options.Int("workers", 1);
        await using var cluster = await PodCluster.StartAsync(count, ct).ConfigureAwait(false);

        var controllerRates = new List<double>();
        var watchRates = new List<double>();
        await RawWatchAsync(cluster, ct).ConfigureAwait(false);
        await ControllerAsync(cluster, workers, ct).ConfigureAwait(false);
        for (var round = 0; round < rounds; round++)
        {
            Console.WriteLine($"  round {round + 1}/{rounds}");
            watchRates.Add(count / (await RawWatchAsync(cluster, ct).ConfigureAwait(false)).TotalSeconds);
            controllerRates.Add(count / (await ControllerAsync(cluster, workers, ct).ConfigureAwait(false)).TotalSeconds);
        }

        static string Rates(IEnumerable<double> rates) => string.Join(", ", rates.Select(r => $"{r:N0}"));
        return new BenchmarkReport(Name, "raw watch events/s of the same pods (streaming list, no processing)",
            [new Comparison("reconciles per second", "/s", controllerRates.Max(), watchRates.Max())],
            [
                $"{count:N0} pods; controller with {workers} worker(s), streaming list, default rate limiter; {rounds} rounds after a warm-up; best reported",
                $"controller rounds (/s): {Rates(controllerRates)}; raw watch rounds (/s): {Rates(watchRates)}",
            ]);
    }

    // From nothing to every pod received as a watch event.
    static async Task<TimeSpan> RawWatchAsync(PodCluster cluster, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        var watcher = new ResourceWatcher<V1Pod>(
            new KubernetesListWatchClient<V1Pod>(cluster.Client, ApiResource.For<V1Pod>(), PodManifest.Namespace),
            new WatcherOptions { InitialListStrategy = InitialListStrategy.StreamingList });
        var received = 0;
        await foreach (var watcherEvent in watcher.WatchAsync(ct).ConfigureAwait(false))
        {
            if (watcherEvent.Type == WatcherEventType.InitApply) received++;
            if (watcherEvent.Type == WatcherEventType.InitDone) break;
        }

        return received == cluster.Count ? clock.Elapsed : throw new InvalidOperationException($"watched {received} of {cluster.Count} pods");
    }

    // From nothing to every pod reconciled once.
    static async Task<TimeSpan> ControllerAsync(PodCluster cluster, int workers, CancellationToken ct)
    {
        var clock = Stopwatch.StartNew();
        await using var informers = new SharedInformerFactory(new KubernetesListWatchClientFactory(cluster.Client));
        var reconciled = 0;
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var controller = ControllerBuilder.For<V1Pod>(informers, new WatcherOptions { InitialListStrategy = InitialListStrategy.StreamingList })
            .InNamespace(PodManifest.Namespace)
            .WithOptions(o => o.MaxConcurrentReconciles = workers)
            .BuildForObject((_, _) =>
            {
                if (Interlocked.Increment(ref reconciled) == cluster.Count) all.TrySetResult();
                return Task.FromResult(ReconcileResult.Done);
            });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var running = controller.RunAsync(stop.Token);
        await all.Task.WaitAsync(TimeSpan.FromMinutes(5), ct).ConfigureAwait(false);
        var elapsed = clock.Elapsed;
        await stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await running.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        return elapsed;
    }
}
