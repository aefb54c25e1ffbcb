using System.Net;
using Coxswain.Runtime.Client;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Relations;

/// <summary>
/// Claims the children a controller object should own, with kube-controller-manager's controller-ref semantics
/// (<c>BaseControllerRefManager.ClaimObject</c>, used by ReplicaSets, Jobs, DaemonSets…):
/// <list type="bullet">
/// <item>a child controlled by someone else is ignored;</item>
/// <item>a child we control that still matches is kept; one that no longer matches is released (orphaned), unless we
/// are being deleted;</item>
/// <item>an orphan that matches is adopted, unless we or it are being deleted — and only after a fresh read of the
/// controller confirmed it still exists and is not being deleted, so a controller deleted a moment ago cannot adopt.</item>
/// </list>
/// Adoption and release are UID-pinned, test-guarded JSON patches (<see cref="OwnerReferencePatches"/>).
/// </summary>
public sealed class ControllerRefManager<TChild> where TChild : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ResourceClient<TChild> _children;
    private readonly IKubernetesObject<V1ObjectMeta> _controller;
    private readonly Func<TChild, bool> _matches;
    private readonly Func<CancellationToken, Task<IKubernetesObject<V1ObjectMeta>>>? _getFreshController;
    private readonly V1OwnerReference _controllerReference;
    private Task? _canAdopt;

    /// <param name="children">Writes the adoption and release patches.</param>
    /// <param name="controller">The owning object as observed (from the cache).</param>
    /// <param name="matches">Which children belong to the controller, e.g. its label selector via <see cref="LabelSelectors.Matches"/>.</param>
    /// <param name="getFreshController">
    /// Reads the controller from the API server (not the cache), checked once before the first adoption; null skips the
    /// check (only safe when the controller cannot be deleted concurrently).
    /// </param>
    /// <param name="controllerResource">The controller's kind, when its model does not say.</param>
    public ControllerRefManager(
        ResourceClient<TChild> children,
        IKubernetesObject<V1ObjectMeta> controller,
        Func<TChild, bool> matches,
        Func<CancellationToken, Task<IKubernetesObject<V1ObjectMeta>>>? getFreshController,
        ApiResource? controllerResource = null)
    {
        _children = children;
        _controller = controller;
        _matches = matches;
        _getFreshController = getFreshController;
        _controllerReference = OwnerReferences.ControllerReference(controller, controllerResource);
    }

    /// <summary>
    /// Claims among <paramref name="candidates"/> (every cached child in the controller's namespace, or just
    /// <see cref="ControllerRefLookups.ClaimCandidates{T}"/>) and returns those the controller owns afterwards: the ones
    /// it kept, in candidate order, then the ones it adopted. Every candidate is tried; failures are thrown together at
    /// the end (an <see cref="AggregateException"/>), so the reconcile is retried.
    /// </summary>
    public Task<IReadOnlyList<TChild>> ClaimAsync(IEnumerable<TChild> candidates, CancellationToken cancellationToken = default)
    {
        // Almost every candidate is kept or ignored as it is, which needs no await: only the children to adopt or release
        // go through the asynchronous path, so claiming thousands of pods costs no state machine per pod.
        var claimed = new List<TChild>();
        var errors = new List<Exception>();
        List<(TChild Child, Claim Action)>? toPatch = null;
        foreach (var child in candidates)
        {
            try
            {
                var action = Decide(child);
                if (action == Claim.Keep)
                {
                    claimed.Add(child);
                }
                else if (action != Claim.Ignore)
                {
                    (toPatch ??= []).Add((child, action));
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                errors.Add(e);
            }
        }

        if (toPatch is not null)
        {
            return PatchAsync(claimed, toPatch, errors, cancellationToken);
        }

        return errors.Count == 0 ? Task.FromResult<IReadOnlyList<TChild>>(claimed) : Task.FromException<IReadOnlyList<TChild>>(new AggregateException(errors));
    }

    private async Task<IReadOnlyList<TChild>> PatchAsync(
        List<TChild> claimed, List<(TChild Child, Claim Action)> toPatch, List<Exception> errors, CancellationToken cancellationToken)
    {
        foreach (var (child, action) in toPatch)
        {
            try
            {
                if (action == Claim.Release)
                {
                    await PatchUnlessGoneAsync(child, OwnerReferencePatches.Release(child, _controllerReference.Uid)!, cancellationToken).ConfigureAwait(false);
                }
                else if (await AdoptAsync(child, cancellationToken).ConfigureAwait(false) is { } adopted)
                {
                    claimed.Add(adopted);
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                errors.Add(e);
            }
        }

        return errors.Count == 0 ? claimed : throw new AggregateException(errors);
    }

    private Claim Decide(TChild child)
    {
        var controllerBeingDeleted = _controller.Metadata?.DeletionTimestamp is not null;
        if (OwnerReferences.GetControllerOf(child) is { } controllerRef)
        {
            if (!string.Equals(controllerRef.Uid, _controllerReference.Uid, StringComparison.Ordinal))
            {
                return Claim.Ignore;
            }

            // Claiming what we already own takes no action, so it is allowed even while being deleted.
            return _matches(child) ? Claim.Keep : controllerBeingDeleted ? Claim.Ignore : Claim.Release;
        }

        var controllerNamespace = _controller.Metadata?.NamespaceProperty;
        var sameNamespace = string.IsNullOrEmpty(controllerNamespace)
            || string.Equals(controllerNamespace, child.Metadata?.NamespaceProperty, StringComparison.Ordinal);
        return controllerBeingDeleted || !_matches(child) || child.Metadata?.DeletionTimestamp is not null || !sameNamespace
            ? Claim.Ignore
            : Claim.Adopt;
    }

    // Returns the patched child, or null when it was deleted meanwhile.
    private async Task<TChild?> AdoptAsync(TChild child, CancellationToken cancellationToken)
    {
        try
        {
            await (_canAdopt ??= CanAdoptAsync(cancellationToken)).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            throw new InvalidOperationException(
                $"can't adopt {child.Kind} {child.Metadata?.NamespaceProperty}/{child.Metadata?.Name} ({child.Metadata?.Uid}): {e.Message}", e);
        }

        return await PatchUnlessGoneAsync(child, OwnerReferencePatches.Adopt(child, _controllerReference), cancellationToken).ConfigureAwait(false);
    }

    // RecheckDeletionTimestamp: the cached controller may be stale; adopting for a controller that is already gone would
    // leave children pointing at nothing (and the garbage collector deleting them).
    private async Task CanAdoptAsync(CancellationToken cancellationToken)
    {
        if (_getFreshController is null)
        {
            return;
        }

        IKubernetesObject<V1ObjectMeta> fresh;
        try
        {
            fresh = await _getFreshController(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new InvalidOperationException($"can't recheck DeletionTimestamp: {e.Message}", e);
        }

        var meta = fresh.Metadata;
        if (!string.Equals(meta?.Uid, _controllerReference.Uid, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"original {_controllerReference.Kind} {_controller.Metadata?.NamespaceProperty}/{_controller.Metadata?.Name} is gone: got uid {meta?.Uid}, wanted {_controllerReference.Uid}");
        }

        if (meta?.DeletionTimestamp is { } deleted)
        {
            throw new InvalidOperationException($"{meta.NamespaceProperty}/{meta.Name} has just been deleted at {deleted:O}");
        }
    }

    // A child deleted meanwhile is simply not claimed.
    private async Task<TChild?> PatchUnlessGoneAsync(TChild child, V1Patch patch, CancellationToken cancellationToken)
    {
        try
        {
            return await _children.PatchAsync(child.Metadata.NamespaceProperty, child.Metadata.Name, patch, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    private enum Claim
    {
        Ignore,
        Keep,
        Release,
        Adopt,
    }
}
