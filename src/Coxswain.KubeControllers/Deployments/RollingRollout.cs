using k8s.Models;

namespace Coxswain.KubeControllers.Deployments;

/// <summary>
/// <c>rolloutRolling</c>: grow the new ReplicaSet within maxSurge, then shrink old ones within maxUnavailable; once
/// the rollout is complete, clean up history. Each step that changed something ends the sync: the next one starts from
/// what the ReplicaSet controller made of it.
/// </summary>
internal sealed class RollingRollout(DeploymentReconciler reconciler, DeploymentReconciler.Sync sync)
{
    public async Task RunAsync(List<V1ReplicaSet> rsList)
    {
        var d = sync.Deployment;
        var (newRS, oldRSs) = await reconciler.GetAllReplicaSetsAndSyncRevisionAsync(sync, rsList, createIfNotExisted: true).ConfigureAwait(false);
        var allRSs = oldRSs.Append(newRS).OfType<V1ReplicaSet>().ToList();

        if (newRS is not null && RolloutMath.Replicas(newRS) != RolloutMath.Replicas(d))
        {
            var target = RolloutMath.Replicas(newRS) > RolloutMath.Replicas(d)
                ? RolloutMath.Replicas(d)
                : RolloutMath.NewRSNewReplicas(d, allRSs, newRS);
            if (await reconciler.ScaleReplicaSetAsync(sync, newRS, target).ConfigureAwait(false))
            {
                await reconciler.SyncRolloutStatusAsync(sync, allRSs, newRS).ConfigureAwait(false);
                return;
            }
        }

        var activeOld = oldRSs.Where(rs => RolloutMath.Replicas(rs) > 0).ToList();
        var scaledDown = false;
        foreach (var (rs, replicas) in RollingUpdatePlanner.ScaleDownOld(d, newRS, activeOld, allRSs))
        {
            scaledDown |= await reconciler.ScaleReplicaSetAsync(sync, rs, replicas).ConfigureAwait(false);
        }

        if (scaledDown)
        {
            await reconciler.SyncRolloutStatusAsync(sync, allRSs, newRS).ConfigureAwait(false);
            return;
        }

        if (DeploymentStatusCalculator.IsComplete(d, d.Status ?? new V1DeploymentStatus()))
        {
            await reconciler.CleanupAsync(sync, oldRSs).ConfigureAwait(false);
        }

        await reconciler.SyncRolloutStatusAsync(sync, allRSs, newRS).ConfigureAwait(false);
    }
}
