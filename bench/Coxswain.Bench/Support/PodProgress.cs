using System.Diagnostics;
using Coxswain.LocalCluster.Kubelet;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Watchers;
using k8s;
using k8s.Models;

namespace Coxswain.Bench.Support;

/// <summary>
/// Watches the pods of one namespace and notes the moment the number of pods that exist, and the number of pods that
/// are done (a predicate: Ready, or Ready at a new image), first reach a target. Both sides of a comparison are timed
/// by the same watch, so the figures hold what the cluster shows, not what a client thinks it did.
/// </summary>
public sealed class PodProgress : IAsyncDisposable
{
    readonly Dictionary<string, bool> done = new(StringComparer.Ordinal);
    readonly CancellationTokenSource stop = new();
    readonly TaskCompletionSource synced = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource existing = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly TaskCompletionSource allDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    readonly int target;
    readonly Func<V1Pod, bool> isDone;
    readonly Task watching;
    long existTimestamp;
    long doneTimestamp;

    PodProgress(Kubernetes client, string @namespace, int target, Func<V1Pod, bool> isDone)
    {
        this.target = target;
        this.isDone = isDone;
        watching = WatchAsync(client, @namespace);
    }

    /// <summary>How many pods were done when last seen.</summary>
    public int DoneCount { get; private set; }

    /// <summary>Pod writes seen since the watch synced (each creation and each change is one watch event).</summary>
    public int Writes { get; private set; }

    /// <summary>Starts watching; returns once the current state is known.</summary>
    public static async Task<PodProgress> StartAsync(Kubernetes client, string @namespace, int target, Func<V1Pod, bool> isDone, CancellationToken ct)
    {
        var progress = new PodProgress(client, @namespace, target, isDone);
        await progress.synced.Task.WaitAsync(ct).ConfigureAwait(false);
        return progress;
    }

    /// <summary>The stopwatch timestamp at which <c>target</c> pods first existed.</summary>
    public async Task<long> AllExistAsync(TimeSpan timeout, CancellationToken ct)
    {
        await existing.Task.WaitAsync(timeout, ct).ConfigureAwait(false);
        return existTimestamp;
    }

    /// <summary>The stopwatch timestamp at which <c>target</c> pods were first done at once.</summary>
    public async Task<long> AllDoneAsync(TimeSpan timeout, CancellationToken ct)
    {
        await allDone.Task.WaitAsync(timeout, ct).ConfigureAwait(false);
        return doneTimestamp;
    }

    public static bool IsReady(V1Pod pod) =>
        pod.Status?.Conditions?.Any(c => c.Type == "Ready" && c.Status == "True") == true;

    /// <summary>Ready, and every container reported running <paramref name="image"/> (which the runtime reports normalized).</summary>
    public static Func<V1Pod, bool> IsReadyAt(string image)
    {
        var reported = ImageReference.Parse(image).Normalized;
        return pod => IsReady(pod) && pod.Status?.ContainerStatuses is { Count: > 0 } statuses && statuses.All(s => s.Image == reported);
    }

    async Task WatchAsync(Kubernetes client, string @namespace)
    {
        var watcher = new ResourceWatcher<V1Pod>(
            new KubernetesListWatchClient<V1Pod>(client, ApiResource.For<V1Pod>(), @namespace),
            new WatcherOptions { InitialListStrategy = InitialListStrategy.StreamingList });
        try
        {
            await foreach (var change in watcher.WatchAsync(stop.Token).ConfigureAwait(false))
            {
                switch (change.Type)
                {
                    case WatcherEventType.InitApply or WatcherEventType.Apply when change.Object is { } pod:
                        if (change.Type == WatcherEventType.Apply) Writes++;
                        var now = pod.Metadata.DeletionTimestamp is null && isDone(pod);
                        DoneCount += (now ? 1 : 0) - (done.TryGetValue(pod.Metadata.Name, out var was) && was ? 1 : 0);
                        done[pod.Metadata.Name] = now;
                        break;
                    case WatcherEventType.Delete when change.Object is { } pod:
                        if (done.Remove(pod.Metadata.Name, out var wasDone) && wasDone) DoneCount--;
                        break;
                    case WatcherEventType.InitDone:
                        synced.TrySetResult();
                        break;
                }
                if (done.Count >= target && existTimestamp == 0)
                {
                    existTimestamp = Stopwatch.GetTimestamp();
                    existing.TrySetResult();
                }
                if (DoneCount >= target && doneTimestamp == 0)
                {
                    doneTimestamp = Stopwatch.GetTimestamp();
                    allDone.TrySetResult();
                }
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e)
        {
            synced.TrySetException(e);
            existing.TrySetException(e);
            allDone.TrySetException(e);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await stop.CancelAsync().ConfigureAwait(false);
        await watching.ConfigureAwait(false);
        stop.Dispose();
    }
}
