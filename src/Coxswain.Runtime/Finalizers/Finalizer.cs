using System.Net;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Controllers;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Finalizers;

/// <summary>
/// Runs a reconciler behind a finalizer (kube-rs's <c>finalizer()</c>): the finalizer is added before any work, so the
/// object cannot vanish before its cleanup ran; cleanup runs once deletion is requested; the finalizer is removed only
/// after cleanup succeeded. Seed 003's deadlock advice is built in where the runtime can help: a failing cleanup throws
/// and is retried with backoff and logged as a <c>Reconciler error</c> (make it eventually succeed — treat missing
/// external resources as done), and deletions pass every predicate.
/// </summary>
public static class Finalizer
{
    /// <summary>Which step applies to <paramref name="obj"/>.</summary>
    public static FinalizerStep Decide(IKubernetesObject<V1ObjectMeta> obj, string finalizer)
    {
        var present = obj.Metadata?.Finalizers?.Contains(finalizer) == true;
        var deleting = obj.Metadata?.DeletionTimestamp is not null;
        return (deleting, present) switch
        {
            (false, false) => FinalizerStep.AddFinalizer,
            (false, true) => FinalizerStep.Apply,
            (true, true) => FinalizerStep.Cleanup,
            (true, false) => FinalizerStep.Nothing,
        };
    }

    /// <summary>
    /// Advances the finalizer flow by one step, patching the object through <paramref name="client"/>. An object that is
    /// already gone when the finalizer is patched (404) counts as done: whoever removed it, nothing is left to guard.
    /// </summary>
    /// <param name="client">Writes the finalizer patches.</param>
    /// <param name="obj">The object as last observed (usually from the informer's cache).</param>
    /// <param name="finalizer">The finalizer name, e.g. <c>example.com/cleanup</c>.</param>
    /// <param name="apply">Converges a live object.</param>
    /// <param name="cleanup">Releases what the object held; must succeed eventually.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    public static Task<ReconcileResult> RunAsync<T>(
        ResourceClient<T> client,
        T obj,
        string finalizer,
        Func<T, CancellationToken, Task<ReconcileResult>> apply,
        Func<T, CancellationToken, Task<ReconcileResult>> cleanup,
        CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(client);
        return RunAsync(obj, finalizer, PatchUnlessGone, apply, cleanup, cancellationToken);

        async Task PatchUnlessGone(V1Patch patch, CancellationToken ct)
        {
            try
            {
                await client.PatchAsync(obj.Metadata.NamespaceProperty, obj.Metadata.Name, patch, cancellationToken: ct).ConfigureAwait(false);
            }
            catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
            }
        }
    }

    /// <summary>
    /// Advances the finalizer flow by one step.
    /// </summary>
    /// <param name="obj">The object as last observed.</param>
    /// <param name="finalizer">The finalizer name, e.g. <c>example.com/cleanup</c>.</param>
    /// <param name="patch">Applies a JSON patch to the object (e.g. through KubernetesClient's <c>PatchNamespaced…</c>).</param>
    /// <param name="apply">Converges a live object.</param>
    /// <param name="cleanup">Releases what the object held; must succeed eventually.</param>
    /// <param name="cancellationToken">Cancels the step.</param>
    public static async Task<ReconcileResult> RunAsync<T>(
        T obj,
        string finalizer,
        Func<V1Patch, CancellationToken, Task> patch,
        Func<T, CancellationToken, Task<ReconcileResult>> apply,
        Func<T, CancellationToken, Task<ReconcileResult>> cleanup,
        CancellationToken cancellationToken)
        where T : IKubernetesObject<V1ObjectMeta>
    {
        ArgumentException.ThrowIfNullOrEmpty(finalizer);
        switch (Decide(obj, finalizer))
        {
            case FinalizerStep.AddFinalizer:
                // Done for now: the finalizer's own change event brings the object back with it present.
                await patch(FinalizerPatches.Add(obj, finalizer), cancellationToken).ConfigureAwait(false);
                return ReconcileResult.Done;
            case FinalizerStep.Apply:
                return await apply(obj, cancellationToken).ConfigureAwait(false);
            case FinalizerStep.Cleanup:
                var result = await cleanup(obj, cancellationToken).ConfigureAwait(false);
                await patch(FinalizerPatches.Remove(obj, finalizer)!, cancellationToken).ConfigureAwait(false);
                return result;
            default:
                return ReconcileResult.Done;
        }
    }
}
