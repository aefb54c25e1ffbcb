using System.Runtime.CompilerServices;

namespace Coxswain.Runtime.Controllers;

/// <summary>Adapters that turn plain streams into <see cref="IReconcileSource"/>s.</summary>
public static class ReconcileSource
{
    /// <summary>A source over any async stream of requests; it has no cache, so it counts as synced at once.</summary>
    public static IReconcileSource From(IAsyncEnumerable<ReconcileRequest> requests) => new StreamSource(requests);

    private sealed class StreamSource(IAsyncEnumerable<ReconcileRequest> requests) : IReconcileSource
    {
        public async IAsyncEnumerable<ReconcileRequest> RequestsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
        {
            await foreach (var request in requests.WithCancellation(cancellationToken).ConfigureAwait(false))
            {
                yield return request;
            }
        }

        public Task WaitForSyncAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
