using System.Net;
using Coxswain.Runtime.Cache;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Relations;
using Coxswain.Runtime.Workloads;
using k8s.Models;

namespace Coxswain.KubeControllers.DaemonSets;

/// <summary>
/// A DaemonSet's ControllerRevisions (<c>constructHistory</c>, <c>snapshot</c>, <c>cleanupHistory</c>): the revision
/// whose data equals the current template patch is current (renumbered to be the newest); otherwise a new one is
/// created, named <c>&lt;daemonset&gt;-&lt;pod-template-hash&gt;</c>; history beyond revisionHistoryLimit that no pod
/// runs any more is deleted.
/// </summary>
internal sealed class DaemonSetHistory(
    ResourceClient<V1ControllerRevision> revisions,
    ResourceClient<V1DaemonSet> daemonSets,
    Store<V1ControllerRevision> revisionStore)
{
    public async Task<(V1ControllerRevision Current, IReadOnlyList<V1ControllerRevision> Old)> ConstructAsync(V1DaemonSet ds, CancellationToken cancellationToken)
    {
        var owned = await new ControllerRefManager<V1ControllerRevision>(
                revisions, ds, r => LabelSelectors.Matches(ds.Spec.Selector, r.Metadata.Labels),
                async ct => await daemonSets.GetAsync(ds.Metadata.NamespaceProperty, ds.Metadata.Name, ct).ConfigureAwait(false))
            .ClaimAsync(revisionStore.ClaimCandidates(ds), cancellationToken).ConfigureAwait(false);

        var data = ControllerRevisions.TemplatePatch(ds.Spec.Template);
        var current = ControllerRevisions.FindEqual(owned, data);
        var old = owned.Except(current).ToList();
        var nextRevision = ControllerRevisions.NextRevision(old);
        if (current.Count == 0)
        {
            return (await SnapshotAsync(ds, data, nextRevision, cancellationToken).ConfigureAwait(false), old);
        }

        // Duplicates (from a race) are folded into the newest; it becomes the highest revision.
        var keep = current[^1];
        foreach (var duplicate in current.Take(current.Count - 1))
        {
            await revisions.DeleteAsync(duplicate.Metadata.NamespaceProperty, duplicate.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        if ((keep.Revision ?? 0) < nextRevision)
        {
            keep = await new ControllerRevisionHistory(revisions).UpdateRevisionNumberAsync(keep, nextRevision, cancellationToken).ConfigureAwait(false);
        }

        return (keep, old);
    }

    /// <summary>Deletes the oldest revisions beyond revisionHistoryLimit whose hash no live pod carries.</summary>
    public async Task CleanupAsync(V1DaemonSet ds, IReadOnlyList<V1ControllerRevision> old, IEnumerable<V1Pod> pods, CancellationToken cancellationToken)
    {
        var liveHashes = pods.Select(p => p.Metadata.Labels.ValueOf(ControllerRevisions.HashLabel)).OfType<string>().ToHashSet();
        var live = old.Where(r => r.Metadata.Labels.ValueOf(ControllerRevisions.HashLabel) is { } h && liveHashes.Contains(h))
            .Select(r => r.Metadata.Name).ToHashSet();
        var doomed = ControllerRevisions.ToTruncate(old, live, ds.Spec.RevisionHistoryLimit ?? 10);
        await new ControllerRevisionHistory(revisions).DeleteAsync(doomed, cancellationToken).ConfigureAwait(false);
    }

    private async Task<V1ControllerRevision> SnapshotAsync(V1DaemonSet ds, System.Text.Json.Nodes.JsonObject data, long revision, CancellationToken cancellationToken)
    {
        var hash = PodTemplateHash.Compute(ds.Spec.Template, ds.Status?.CollisionCount);
        var snapshot = ControllerRevisions.New(ds, ds.Spec.Template.Metadata?.Labels, data, revision, ds.Status?.CollisionCount, hash);
        try
        {
            return await revisions.CreateAsync(snapshot, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.Conflict && e.Reason == "AlreadyExists")
        {
            var existing = await revisions.GetAsync(snapshot.Metadata.NamespaceProperty, snapshot.Metadata.Name, cancellationToken).ConfigureAwait(false);
            if (OwnerReferences.IsControlledBy(existing, ds) && ControllerRevisions.EqualData(existing, data))
            {
                return existing;
            }

            // A different template hashed to the same name: the next attempt uses a higher collisionCount.
            await daemonSets.UpdateStatusAsync(ds, d => d.Status.CollisionCount = (d.Status.CollisionCount ?? 0) + 1, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
            throw;
        }
    }
}
