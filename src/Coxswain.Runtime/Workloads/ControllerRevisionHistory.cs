using System.Net;
using k8s.Models;
using Coxswain.Runtime.Client;

namespace Coxswain.Runtime.Workloads;

/// <summary>
/// Writes ControllerRevisions as <c>history.realHistory</c> does. A name taken by a revision with other data is a hash
/// collision: the owner's <c>collisionCount</c> grows and the next name is tried.
/// </summary>
public sealed class ControllerRevisionHistory(ResourceClient<V1ControllerRevision> client)
{
    /// <summary>
    /// Creates <paramref name="revision"/> (built by <see cref="ControllerRevisions.New"/>), probing past collisions.
    /// Returns the stored revision (an existing one when its data is equal) and the collision count to record on the
    /// owner's status.
    /// </summary>
    public async Task<(V1ControllerRevision Revision, int CollisionCount)> CreateAsync(
        string ownerName, V1ControllerRevision revision, int collisionCount, CancellationToken cancellationToken)
    {
        var data = ControllerRevisions.DataOf(revision)!;
        while (true)
        {
            var hash = ControllerRevisions.Hash(data, collisionCount);
            revision.Metadata.Name = ControllerRevisions.Name(ownerName, hash);
            revision.Metadata.Labels ??= new Dictionary<string, string>();
            revision.Metadata.Labels[ControllerRevisions.HashLabel] = hash;
            try
            {
                return (await client.CreateAsync(revision, cancellationToken: cancellationToken).ConfigureAwait(false), collisionCount);
            }
            catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.Conflict && e.Reason == "AlreadyExists")
            {
                var existing = await client.GetAsync(revision.Metadata.NamespaceProperty, revision.Metadata.Name, cancellationToken)
                    .ConfigureAwait(false);
                if (ControllerRevisions.EqualData(existing, data))
                {
                    return (existing, collisionCount);
                }

                collisionCount++;
            }
        }
    }

    /// <summary>Bumps an existing revision's number (<c>history.UpdateControllerRevision</c>), used when an old template comes back.</summary>
    public Task<V1ControllerRevision> UpdateRevisionNumberAsync(V1ControllerRevision revision, long newRevision, CancellationToken cancellationToken) =>
        revision.Revision == newRevision
            ? Task.FromResult(revision)
            : client.PatchAsync(
                revision.Metadata.NamespaceProperty,
                revision.Metadata.Name,
                new V1Patch($"{{\"revision\":{newRevision}}}", V1Patch.PatchType.MergePatch),
                cancellationToken: cancellationToken);

    /// <summary>Deletes the revisions <see cref="ControllerRevisions.ToTruncate"/> selected.</summary>
    public async Task DeleteAsync(IEnumerable<V1ControllerRevision> revisions, CancellationToken cancellationToken)
    {
        foreach (var revision in revisions)
        {
            await client.DeleteAsync(revision.Metadata.NamespaceProperty, revision.Metadata.Name, cancellationToken: cancellationToken)
                .ConfigureAwait(false);
        }
    }
}

