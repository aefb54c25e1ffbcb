using k8s.Models;

namespace Coxswain.KubeControllers.Deployments;

/// <summary>
/// <c>rolloutRecreate</c>: scale every old ReplicaSet to zero, wait until none of their pods is left running, only
/// then create (or grow) the new ReplicaSet to full size.
/// </summary>
internal sealed class RecreateRollout(DeploymentReconciler reconciler, DeploymentReconciler.Sync sync)
{
    public async Task RunAsync(List<V1ReplicaSet> rsList)
    {
        var d = sync.Deployment;
        var (newRS, oldRSs) = await reconciler.GetAllReplicaSetsAndSyncRevisionAsync(sync, rsList, createIfNotExisted: false).ConfigureAwait(false);
        var allRSs = oldRSs.Append(newRS).OfType<V1ReplicaSet>().ToList();

        var scaledDown = false;
        foreach (var rs in oldRSs.Where(rs => RolloutMath.Replicas(rs) > 0))
        {
            scaledDown |= await reconciler.ScaleReplicaSetAsync(sync, rs, 0).ConfigureAwait(false);
        }

        if (scaledDown || OldPodsRunning(newRS, oldRSs))
        {
            await reconciler.SyncRolloutStatusAsync(sync, allRSs, newRS).ConfigureAwait(false);
            return;
        }

        if (newRS is null)
        {
            (newRS, oldRSs) = await reconciler.GetAllReplicaSetsAndSyncRevisionAsync(sync, rsList, createIfNotExisted: true).ConfigureAwait(false);
            allRSs = oldRSs.Append(newRS).OfType<V1ReplicaSet>().ToList();
        }

        if (newRS is not null)
        {
            await reconciler.ScaleReplicaSetAsync(sync, newRS, RolloutMath.Replicas(d)).ConfigureAwait(false);
        }

        if (DeploymentStatusCalculator.IsComplete(d, d.Status ?? new V1DeploymentStatus()))
        {
            await reconciler.CleanupAsync(sync, oldRSs).ConfigureAwait(false);
        }

        await reconciler.SyncRolloutStatusAsync(sync, allRSs, newRS).ConfigureAwait(false);
    }

    /// <summary><c>oldPodsRunning</c>: an old ReplicaSet still reports pods, or an old pod has not finished.</summary>
    private bool OldPodsRunning(V1ReplicaSet? newRS, IReadOnlyList<V1ReplicaSet> oldRSs)
    {
        if (RolloutMath.ActualReplicas(oldRSs) > 0)
        {
            return true;
        }

        var pods = reconciler.PodsByReplicaSet(oldRSs, sync.Deployment.Metadata.NamespaceProperty);
        return oldRSs.Where(rs => rs.Metadata.Uid != newRS?.Metadata.Uid)
            .SelectMany(rs => pods[rs.Metadata.Uid])
            .Any(p => p.Status?.Phase is not ("Failed" or "Succeeded"));
    }
}
