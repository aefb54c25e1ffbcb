using System.Runtime.CompilerServices;
using Coxswain.Runtime.Controllers;

namespace Coxswain.Runtime.Tests.Controllers;

/// <summary>A source that emits fixed requests at once and reports synced when told to.</summary>
internal sealed class ScriptedSource(IReadOnlyList<ReconcileRequest> requests, Task synced) : IReconcileSource
{
    public async IAsyncEnumerable<ReconcileRequest> RequestsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var request in requests)
        {
            yield return request;
        }

        await Task.Delay(Timeout.Infinite, cancellationToken);
    }

    public Task WaitForSyncAsync(CancellationToken cancellationToken) => synced.WaitAsync(cancellationToken);
}
