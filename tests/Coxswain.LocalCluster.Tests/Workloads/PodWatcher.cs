using k8s;
using k8s.Models;

namespace Coxswain.LocalCluster.Tests.Workloads;

/// <summary>
/// Watches the pods of one app over HTTPS and checks an invariant on every event against the pods known at that
/// moment, recording the first violation (a rolling update's budget must hold at every step, not just at the end).
/// </summary>
internal sealed class PodWatcher : IAsyncDisposable
{
    readonly Dictionary<string, V1Pod> pods = [];
    readonly CancellationTokenSource stop = new();
    readonly Task watching;
    readonly TaskCompletionSource started = new(TaskCreationOptions.RunContinuationsAsynchronously);

    PodWatcher(IKubernetes client, string app, Func<IReadOnlyCollection<V1Pod>, WatchEventType, V1Pod, string?> check)
    {
        watching = Task.Run(async () =>
        {
            try
            {
                // The invariant is checked from a complete picture: list first, then watch from the list's version.
                var list = await client.CoreV1.ListNamespacedPodAsync("default", labelSelector: $"app={app}", cancellationToken: stop.Token);
                foreach (var pod in list.Items) pods[pod.Metadata.Name] = pod;
                var events = client.CoreV1.WatchListNamespacedPodAsync(
                    "default", labelSelector: $"app={app}", resourceVersion: list.Metadata.ResourceVersion, cancellationToken: stop.Token);
                started.TrySetResult();
                await foreach (var (type, pod) in events)
                {
                    if (type == WatchEventType.Deleted) pods.Remove(pod.Metadata.Name);
                    else pods[pod.Metadata.Name] = pod;
                    if (Violation is null && check(pods.Values, type, pod) is { } violation) Violation = violation;
                    Events++;
                }
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (Exception e)
            {
                started.TrySetException(e);
                throw;
            }
        });
    }

    /// <summary>The first broken invariant, described with the pods at the time.</summary>
    public string? Violation { get; private set; }

    public int Events { get; private set; }

    public static async Task<PodWatcher> StartAsync(IKubernetes client, string app, Func<IReadOnlyCollection<V1Pod>, WatchEventType, V1Pod, string?> check)
    {
        var watcher = new PodWatcher(client, app, check);
        await watcher.started.Task;
        return watcher;
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync();
        try { await watching; } catch (Exception) when (stop.IsCancellationRequested) { }
        stop.Dispose();
    }
}
