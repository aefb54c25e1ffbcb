using Coxswain.KubeControllers.Pods;
using Coxswain.Runtime.Cache;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Controllers;
using Coxswain.Runtime.Expectations;
using Coxswain.Runtime.Relations;
using Coxswain.Runtime.Workloads;
using k8s.Models;

namespace Coxswain.KubeControllers.ReplicaSets;

/// <summary>
/// kube-controller-manager's ReplicaSet controller (<c>syncReplicaSet</c>): claims the pods its selector matches,
/// creates or deletes pods until the active ones number <c>spec.replicas</c> — in slow-start batches, at most 500 per
/// sync, never again before the informer has shown the previous round (expectations) — and reports the status.
/// </summary>
internal sealed class ReplicaSetReconciler(
    ResourceClient<V1ReplicaSet> replicaSets,
    ResourceClient<V1Pod> pods,
    Store<V1ReplicaSet> replicaSetStore,
    Store<V1Pod> podStore,
    UidTrackingControllerExpectations expectations,
    PodControl podControl,
    TimeProvider time) : IReconciler
{
    /// <summary>Upstream's <c>BurstReplicas</c>: the most pods created or deleted in one sync.</summary>
    public const int BurstReplicas = 500;

    public async Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken)
    {
        var key = request.ToString();
        if (replicaSetStore.Get(request.Namespace, request.Name) is not { } rs)
        {
            expectations.DeleteExpectations(key);
            return ReconcileResult.Done;
        }

        var needsSync = expectations.SatisfiedExpectations(key);
        var candidates = podStore.ClaimCandidates(rs).Where(PodStates.IsPodActive);
        var owned = await new ControllerRefManager<V1Pod>(
                pods, rs, p => LabelSelectors.Matches(rs.Spec.Selector, p.Metadata.Labels),
                async ct => await replicaSets.GetAsync(rs.Metadata.NamespaceProperty, rs.Metadata.Name, ct).ConfigureAwait(false))
            .ClaimAsync(candidates, cancellationToken).ConfigureAwait(false);

        Exception? manageError = null;
        var diff = owned.Count - (rs.Spec.Replicas ?? 1);
        if (needsSync && rs.Metadata.DeletionTimestamp is null)
        {
            manageError = await ManageReplicasAsync(key, rs, owned, cancellationToken).ConfigureAwait(false);
        }

        var now = time.GetUtcNow();
        var counts = ReplicaSetPodCounts.Of(rs, owned, now);
        var status = ReplicaSetStatusCalculator.Calculate(rs, counts, manageError, diff < 0, now);
        if (ReplicaSetStatusCalculator.Differs(rs.Status, status))
        {
            await replicaSets.UpdateStatusAsync(rs, r => r.Status = status, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if (manageError is not null)
        {
            throw manageError;
        }

        // Pods turn available minReadySeconds after turning ready without any event: look again then.
        return counts.UntilAvailable is { } wait ? ReconcileResult.RequeueAfter(wait) : ReconcileResult.Done;
    }

    private async Task<Exception?> ManageReplicasAsync(string key, V1ReplicaSet rs, IReadOnlyList<V1Pod> owned, CancellationToken cancellationToken)
    {
        var diff = owned.Count - (rs.Spec.Replicas ?? 1);
        if (diff < 0)
        {
            var toCreate = Math.Min(-diff, BurstReplicas);
            expectations.ExpectCreations(key, toCreate);
            var (successes, error) = await SlowStartBatch.RunAsync(
                toCreate, () => podControl.CreateAsync(PodControl.PodFromTemplate(rs.Spec.Template, rs), rs, cancellationToken), cancellationToken)
                .ConfigureAwait(false);

            // Pods never created will never be observed: stop expecting them, or the next sync would wait for the TTL.
            for (var skipped = toCreate - successes; skipped > 0; skipped--)
            {
                expectations.CreationObserved(key);
            }

            return error;
        }

        if (diff > 0)
        {
            var toDelete = PodsToDelete(rs, owned, Math.Min(diff, BurstReplicas), time.GetUtcNow());
            expectations.ExpectDeletions(key, toDelete.Select(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}"));
            return await podControl.DeleteExpectedAsync(toDelete, rs, expectations, key, cancellationToken).ConfigureAwait(false);
        }

        return null;
    }

    /// <summary>
    /// <c>getPodsToDelete</c>: the first <paramref name="count"/> pods by <see cref="ActivePodsWithRanks"/>, ranked by how
    /// many pods of the same owner family (ReplicaSets of one Deployment) share their node.
    /// </summary>
    private IReadOnlyList<V1Pod> PodsToDelete(V1ReplicaSet rs, IReadOnlyList<V1Pod> owned, int count, DateTimeOffset now)
    {
        if (count >= owned.Count)
        {
            return owned;
        }

        var related = RelatedPods(rs, owned);
        var ranks = ActivePodsWithRanks.RanksByRelatedPodsOnSameNode(owned, related);
        return owned.Order(new ActivePodsWithRanks(ranks, now)).Take(count).ToList();
    }

    /// <summary><c>getIndirectlyRelatedPods</c>: pods of every ReplicaSet with the same controller as this one.</summary>
    private IReadOnlyList<V1Pod> RelatedPods(V1ReplicaSet rs, IReadOnlyList<V1Pod> owned)
    {
        if (OwnerReferences.GetControllerOf(rs) is not { } controller)
        {
            return owned;
        }

        var @namespace = rs.Metadata.NamespaceProperty;
        return replicaSetStore.ControlledBy(@namespace, controller.Uid)
            .SelectMany(sibling => podStore.ControlledBy(@namespace, sibling.Metadata.Uid))
            .ToList();
    }
}
