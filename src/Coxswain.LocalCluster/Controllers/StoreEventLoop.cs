using Coxswain.LocalCluster.Storage;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Controllers;

/// <summary>
/// Feeds the local cluster's own in-process controllers (the kube-controller-manager parts) with every committed change,
/// in revision order, straight from the store's event log: no HTTP, no cache of their own. If the loop falls behind
/// compaction it resyncs from the current state.
/// </summary>
public static class StoreEventLoop
{
    public static Task Run(ObjectStore store, string name, ILogger logger, Func<StoreSnapshot, Task> resync,
        Func<WatchEvent, Task> onEvent, CancellationToken ct) => Task.Run(async () =>
    {
        var batch = new List<WatchEvent>();
        var cursor = -1L;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (cursor < 0)
                {
                    var snapshot = store.Current;
                    await resync(snapshot).ConfigureAwait(false);
                    cursor = snapshot.Revision;
                }
                batch.Clear();
                store.Events.ReadAfter(cursor, 256, batch);
                foreach (var e in batch)
                {
                    await onEvent(e).ConfigureAwait(false);
                    cursor = e.Revision;
                }
                if (batch.Count == 0) await store.WaitForRevisionAfterAsync(cursor, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (RevisionCompactedException)
            {
                cursor = -1;
            }
            catch (Exception e)
            {
                logger.LogError(e, "{Controller} failed; retrying", name);
                try { await Task.Delay(TimeSpan.FromSeconds(1), ct).ConfigureAwait(false); }
                catch (OperationCanceledException) { return; }
            }
        }
    }, CancellationToken.None);
}
