using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Coxswain.Runtime.Cache;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Controllers;
using Coxswain.Runtime.Events;
using Coxswain.Runtime.Relations;
using Coxswain.Runtime.Workloads;
using k8s;
using k8s.Models;

namespace Coxswain.KubeControllers.Deployments;

/// <summary>
/// kube-controller-manager's Deployment controller (<c>syncDeployment</c>): owns ReplicaSets named
/// <c>&lt;deployment&gt;-&lt;pod-template-hash&gt;</c>, one per distinct pod template, and moves replicas from the old
/// ones to the new one — RollingUpdate within maxSurge/maxUnavailable, Recreate all at once — numbering revisions,
/// keeping revisionHistoryLimit old ReplicaSets, honouring pause and progressDeadlineSeconds.
/// </summary>
internal sealed class DeploymentReconciler(
    ResourceClient<V1Deployment> deployments,
    ResourceClient<V1ReplicaSet> replicaSets,
    Store<V1Deployment> deploymentStore,
    Store<V1ReplicaSet> replicaSetStore,
    Store<V1Pod> podStore,
    EventRecorder recorder,
    TimeProvider time) : IReconciler
{
    public async Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken)
    {
        if (deploymentStore.Get(request.Namespace, request.Name) is not { } cached)
        {
            return ReconcileResult.Done;
        }

        var sync = new Sync(this, cached, cancellationToken);
        var d = sync.Deployment;
        if (d.Spec.Selector is { MatchLabels: null or { Count: 0 }, MatchExpressions: null or { Count: 0 } })
        {
            recorder.Warning(d, "SelectingAll", "Sync", "This deployment is selecting all pods. A non-empty selector is required.");
            if ((d.Status?.ObservedGeneration ?? 0) < d.Metadata.Generation)
            {
                d.Status ??= new V1DeploymentStatus();
                d.Status.ObservedGeneration = d.Metadata.Generation;
                await sync.WriteStatusAsync(d.Status).ConfigureAwait(false);
            }

            return ReconcileResult.Done;
        }

        var rsList = (await new ControllerRefManager<V1ReplicaSet>(
                    replicaSets, cached, rs => LabelSelectors.Matches(d.Spec.Selector, rs.Metadata.Labels),
                    async ct => await deployments.GetAsync(d.Metadata.NamespaceProperty, d.Metadata.Name, ct).ConfigureAwait(false))
                .ClaimAsync(replicaSetStore.ClaimCandidates(cached), cancellationToken).ConfigureAwait(false))
            .Select(DeepCopy.Of).ToList();

        if (d.Metadata.DeletionTimestamp is not null)
        {
            await SyncStatusOnlyAsync(sync, rsList).ConfigureAwait(false);
        }
        else
        {
            await CheckPausedConditionsAsync(sync).ConfigureAwait(false);
            if (d.Spec.Paused == true || IsScalingEvent(d, rsList))
            {
                await ScaleAndSyncAsync(sync, rsList).ConfigureAwait(false);
            }
            else if (d.Spec.Strategy?.Type == "Recreate")
            {
                await new RecreateRollout(this, sync).RunAsync(rsList).ConfigureAwait(false);
            }
            else
            {
                await new RollingRollout(this, sync).RunAsync(rsList).ConfigureAwait(false);
            }
        }

        return DeploymentStatusCalculator.TimeUntilDeadline(sync.Deployment, sync.Deployment.Status ?? new(), time.GetUtcNow()) is { } wait
            ? ReconcileResult.RequeueAfter(wait < TimeSpan.Zero ? TimeSpan.FromSeconds(1) : wait + TimeSpan.FromSeconds(1))
            : ReconcileResult.Done;
    }

    internal DateTimeOffset Now => time.GetUtcNow();

    private Task<V1Deployment> UpdateStatusAsync(V1Deployment stored, V1DeploymentStatus status, CancellationToken cancellationToken) =>
        deployments.UpdateStatusAsync(stored, d => d.Status = DeepCopy.Of(status), cancellationToken: cancellationToken);

    /// <summary><c>isScalingEvent</c>: an active ReplicaSet was sized for a different spec.replicas.</summary>
    private static bool IsScalingEvent(V1Deployment d, IReadOnlyList<V1ReplicaSet> rsList) =>
        rsList.Where(rs => RolloutMath.Replicas(rs) > 0)
            .Any(rs => DeploymentAnnotations.ReadInt(rs, DeploymentAnnotations.DesiredReplicas) is { } desired && desired != RolloutMath.Replicas(d));

    /// <summary><c>checkPausedConditions</c>: Progressing Unknown while paused (DeploymentPaused / DeploymentResumed).</summary>
    private async Task CheckPausedConditionsAsync(Sync sync)
    {
        var d = sync.Deployment;
        if (!DeploymentConditions.HasProgressDeadline(d))
        {
            return;
        }

        var condition = DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing);
        if (condition?.Reason == DeploymentConditions.TimedOutReason)
        {
            return; // a timed-out rollout stays timed out until a new one starts
        }

        var paused = d.Spec.Paused == true;
        V1DeploymentCondition? update = null;
        if (paused && condition?.Reason != DeploymentConditions.PausedDeployReason)
        {
            update = DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.PausedDeployReason, "Deployment is paused", Now);
        }
        else if (!paused && condition?.Reason == DeploymentConditions.PausedDeployReason)
        {
            update = DeploymentConditions.New(DeploymentConditions.Progressing, "Unknown", DeploymentConditions.ResumedDeployReason, "Deployment is resumed", Now);
        }

        if (update is not null)
        {
            var status = DeepCopy.Of(d.Status ?? new V1DeploymentStatus());
            DeploymentConditions.Set(status, update);
            await sync.WriteStatusAsync(status).ConfigureAwait(false);
        }
    }

    /// <summary><c>sync</c>: scaling (and pausing) without rolling out — sizes only, then cleanup and status.</summary>
    private async Task ScaleAndSyncAsync(Sync sync, List<V1ReplicaSet> rsList)
    {
        var (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(sync, rsList, createIfNotExisted: false).ConfigureAwait(false);
        await ScaleAsync(sync, newRS, oldRSs).ConfigureAwait(false);
        if (sync.Deployment.Spec.Paused == true)
        {
            await CleanupAsync(sync, oldRSs).ConfigureAwait(false);
        }

        await SyncDeploymentStatusAsync(sync, oldRSs.Append(newRS).OfType<V1ReplicaSet>().ToList(), newRS).ConfigureAwait(false);
    }

    private async Task SyncStatusOnlyAsync(Sync sync, List<V1ReplicaSet> rsList)
    {
        var (newRS, oldRSs) = await GetAllReplicaSetsAndSyncRevisionAsync(sync, rsList, createIfNotExisted: false).ConfigureAwait(false);
        await SyncDeploymentStatusAsync(sync, oldRSs.Append(newRS).OfType<V1ReplicaSet>().ToList(), newRS).ConfigureAwait(false);
    }

    /// <summary><c>scale</c>: one active ReplicaSet takes the new size; a saturated new one lets the old go; otherwise proportional.</summary>
    private async Task ScaleAsync(Sync sync, V1ReplicaSet? newRS, List<V1ReplicaSet> oldRSs)
    {
        var d = sync.Deployment;
        if (RolloutMath.FindActiveOrLatest(newRS, oldRSs) is { } activeOrLatest)
        {
            if (RolloutMath.Replicas(activeOrLatest) != RolloutMath.Replicas(d) || DeploymentAnnotations.ReplicasAnnotationsNeedUpdate(activeOrLatest, RolloutMath.Replicas(d), RolloutMath.Replicas(d) + RolloutMath.MaxSurge(d)))
            {
                await ScaleReplicaSetAsync(sync, activeOrLatest, RolloutMath.Replicas(d)).ConfigureAwait(false);
            }

            return;
        }

        if (RolloutMath.IsSaturated(d, newRS))
        {
            foreach (var old in oldRSs.Where(rs => RolloutMath.Replicas(rs) > 0))
            {
                await ScaleReplicaSetAsync(sync, old, 0).ConfigureAwait(false);
            }

            return;
        }

        if (RolloutMath.IsRollingUpdate(d))
        {
            var active = oldRSs.Append(newRS).OfType<V1ReplicaSet>().Where(rs => RolloutMath.Replicas(rs) > 0).ToList();
            var sizes = ProportionalScaling.Plan(d, active);
            foreach (var rs in active)
            {
                await ScaleReplicaSetAsync(sync, rs, sizes[rs.Metadata.Name]).ConfigureAwait(false);
            }
        }
    }

    /// <summary>
    /// <c>scaleReplicaSet</c>: writes the size and the desired/max replicas annotations; a size change is announced as
    /// <c>ScalingReplicaSet</c> "Scaled up replica set web-5d59d67564 from 0 to 5".
    /// </summary>
    internal async Task<bool> ScaleReplicaSetAsync(Sync sync, V1ReplicaSet rs, int newScale)
    {
        var d = sync.Deployment;
        var oldScale = RolloutMath.Replicas(rs);
        var desired = RolloutMath.Replicas(d);
        var max = desired + RolloutMath.MaxSurge(d);
        if (oldScale == newScale && !DeploymentAnnotations.ReplicasAnnotationsNeedUpdate(rs, desired, max))
        {
            return false;
        }

        rs.Spec.Replicas = newScale;
        DeploymentAnnotations.SetReplicasAnnotations(rs, desired, max);
        var patch = new V1Patch(new JsonObject
        {
            ["metadata"] = new JsonObject
            {
                ["annotations"] = new JsonObject
                {
                    [DeploymentAnnotations.DesiredReplicas] = desired.ToString(CultureInfo.InvariantCulture),
                    [DeploymentAnnotations.MaxReplicas] = max.ToString(CultureInfo.InvariantCulture),
                },
            },
            ["spec"] = new JsonObject { ["replicas"] = newScale },
        }.ToJsonString(), V1Patch.PatchType.MergePatch);
        var updated = await replicaSets.PatchAsync(rs.Metadata.NamespaceProperty, rs.Metadata.Name, patch, cancellationToken: sync.CancellationToken).ConfigureAwait(false);
        rs.Metadata.ResourceVersion = updated.Metadata.ResourceVersion;
        if (oldScale != newScale)
        {
            var direction = oldScale < newScale ? "up" : "down";
            recorder.Normal(d, "ScalingReplicaSet", "Scale", $"Scaled {direction} replica set {rs.Metadata.Name} from {oldScale} to {newScale}", rs);
        }

        return oldScale != newScale;
    }

    /// <summary>
    /// <c>getAllReplicaSetsAndSyncRevision</c>: finds (or, when asked, creates) the ReplicaSet of the current template,
    /// bringing its revision to one past the old ones and the Deployment's revision annotation along.
    /// </summary>
    internal async Task<(V1ReplicaSet? NewRS, List<V1ReplicaSet> OldRSs)> GetAllReplicaSetsAndSyncRevisionAsync(
        Sync sync, List<V1ReplicaSet> rsList, bool createIfNotExisted)
    {
        var d = sync.Deployment;
        var existing = RolloutMath.FindNewReplicaSet(d, rsList);
        var oldRSs = rsList.Where(rs => rs != existing).ToList();
        var newRevision = DeploymentAnnotations.MaxRevision(oldRSs) + 1;
        if (existing is not null)
        {
            var annotationsUpdated = DeploymentAnnotations.SetNewReplicaSetAnnotations(d, existing, newRevision, exists: true, RolloutMath.MaxSurge(d));
            if (annotationsUpdated || (existing.Spec.MinReadySeconds ?? 0) != (d.Spec.MinReadySeconds ?? 0))
            {
                existing.Spec.MinReadySeconds = d.Spec.MinReadySeconds;
                var stored = await replicaSets.ReplaceAsync(existing, cancellationToken: sync.CancellationToken).ConfigureAwait(false);
                existing.Metadata.ResourceVersion = stored.Metadata.ResourceVersion;
            }

            await SyncRevisionAsync(sync, existing.Metadata.Annotations.ValueOf(DeploymentAnnotations.Revision) ?? "").ConfigureAwait(false);
            if (DeploymentConditions.HasProgressDeadline(d) && DeploymentConditions.Get(d.Status, DeploymentConditions.Progressing) is null)
            {
                var status = DeepCopy.Of(d.Status ?? new V1DeploymentStatus());
                DeploymentConditions.Set(status, DeploymentConditions.New(
                    DeploymentConditions.Progressing, "True", DeploymentConditions.FoundNewRSReason, $"Found new replica set \"{existing.Metadata.Name}\"", Now));
                await sync.WriteStatusAsync(status).ConfigureAwait(false);
            }

            return (existing, oldRSs);
        }

        if (!createIfNotExisted)
        {
            return (null, oldRSs);
        }

        var created = await CreateNewReplicaSetAsync(sync, oldRSs, newRevision).ConfigureAwait(false);
        return (created, oldRSs);
    }

    private async Task<V1ReplicaSet> CreateNewReplicaSetAsync(Sync sync, List<V1ReplicaSet> oldRSs, long newRevision)
    {
        var d = sync.Deployment;
        var hash = PodTemplateHash.Compute(d.Spec.Template, d.Status?.CollisionCount);
        var template = DeepCopy.Of(d.Spec.Template);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels = new Dictionary<string, string>(template.Metadata.Labels ?? new Dictionary<string, string>()) { [PodTemplateHash.Label] = hash };
        var selector = DeepCopy.Of(d.Spec.Selector);
        selector.MatchLabels = new Dictionary<string, string>(selector.MatchLabels ?? new Dictionary<string, string>()) { [PodTemplateHash.Label] = hash };
        var newRS = new V1ReplicaSet
        {
            ApiVersion = "apps/v1",
            Kind = "ReplicaSet",
            Metadata = new V1ObjectMeta
            {
                Name = d.Metadata.Name + "-" + hash,
                NamespaceProperty = d.Metadata.NamespaceProperty,
                Labels = template.Metadata.Labels,
            },
            Spec = new V1ReplicaSetSpec { Replicas = 0, MinReadySeconds = d.Spec.MinReadySeconds, Selector = selector, Template = template },
        };
        OwnerReferences.SetControllerReference(sync.Cached, newRS);
        var replicas = RolloutMath.NewRSNewReplicas(d, oldRSs.Append(newRS), newRS);
        newRS.Spec.Replicas = replicas;
        DeploymentAnnotations.SetNewReplicaSetAnnotations(d, newRS, newRevision, exists: false, RolloutMath.MaxSurge(d));

        V1ReplicaSet created;
        var alreadyExists = false;
        try
        {
            created = await replicaSets.CreateAsync(newRS, cancellationToken: sync.CancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.Conflict && e.Reason == "AlreadyExists")
        {
            var existing = await replicaSets.GetAsync(newRS.Metadata.NamespaceProperty, newRS.Metadata.Name, sync.CancellationToken).ConfigureAwait(false);
            if (OwnerReferences.GetControllerOf(existing)?.Uid != d.Metadata.Uid || !RolloutMath.EqualIgnoreHash(d.Spec.Template, existing.Spec.Template))
            {
                // A hash collision: the next name comes from a higher collisionCount.
                var status = DeepCopy.Of(d.Status ?? new V1DeploymentStatus());
                status.CollisionCount = (status.CollisionCount ?? 0) + 1;
                await sync.WriteStatusAsync(status).ConfigureAwait(false);
                throw;
            }

            created = existing;
            alreadyExists = true;
        }
        catch (KubernetesApiException e) when (e.Status?.Details?.Causes?.Any(c => c.Reason == "NamespaceTerminating") != true)
        {
            var message = $"Failed to create new replica set \"{newRS.Metadata.Name}\": {e.Status?.Message ?? e.Message}";
            if (DeploymentConditions.HasProgressDeadline(d))
            {
                var status = DeepCopy.Of(d.Status ?? new V1DeploymentStatus());
                DeploymentConditions.Set(status, DeploymentConditions.New(DeploymentConditions.Progressing, "False", DeploymentConditions.FailedRSCreateReason, message, Now));
                await sync.WriteStatusAsync(status).ConfigureAwait(false);
            }

            recorder.Warning(d, DeploymentConditions.FailedRSCreateReason, "Create", message);
            throw;
        }

        if (!alreadyExists && replicas > 0)
        {
            recorder.Normal(d, "ScalingReplicaSet", "Scale", $"Scaled up replica set {created.Metadata.Name} from 0 to {replicas}", created);
        }

        await SyncRevisionAsync(sync, newRevision.ToString(CultureInfo.InvariantCulture)).ConfigureAwait(false);
        if (!alreadyExists && DeploymentConditions.HasProgressDeadline(d))
        {
            var status = DeepCopy.Of(d.Status ?? new V1DeploymentStatus());
            DeploymentConditions.Set(status, DeploymentConditions.New(
                DeploymentConditions.Progressing, "True", DeploymentConditions.NewReplicaSetReason, $"Created new replica set \"{created.Metadata.Name}\"", Now));
            await sync.WriteStatusAsync(status).ConfigureAwait(false);
        }

        return DeepCopy.Of(created);
    }

    /// <summary>The Deployment's own <c>deployment.kubernetes.io/revision</c> follows its newest ReplicaSet's.</summary>
    private async Task SyncRevisionAsync(Sync sync, string revision)
    {
        if (revision.Length == 0 || !DeploymentAnnotations.SetDeploymentRevision(sync.Deployment, revision))
        {
            return;
        }

        var patch = new V1Patch(
            new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { [DeploymentAnnotations.Revision] = revision } } }.ToJsonString(),
            V1Patch.PatchType.MergePatch);
        var updated = await deployments.PatchAsync(sync.Deployment.Metadata.NamespaceProperty, sync.Deployment.Metadata.Name, patch, cancellationToken: sync.CancellationToken)
            .ConfigureAwait(false);
        sync.Stored(updated);
    }

    /// <summary><c>cleanupDeployment</c>: deletes the oldest empty ReplicaSets beyond revisionHistoryLimit.</summary>
    internal async Task CleanupAsync(Sync sync, IReadOnlyList<V1ReplicaSet> oldRSs)
    {
        if (sync.Deployment.Spec.RevisionHistoryLimit is not { } limit)
        {
            return;
        }

        var cleanable = oldRSs.Where(rs => rs.Metadata.DeletionTimestamp is null).ToList();
        var excess = cleanable.Count - limit;
        if (excess <= 0)
        {
            return;
        }

        foreach (var rs in cleanable.OrderBy(rs => DeploymentAnnotations.RevisionOf(rs.Metadata)).ThenBy(rs => rs.Metadata.CreationTimestamp).Take(excess))
        {
            // Never a ReplicaSet that still has pods or whose latest spec its controller has not seen.
            if ((rs.Status?.Replicas ?? 0) != 0 || RolloutMath.Replicas(rs) != 0 || rs.Metadata.Generation > (rs.Status?.ObservedGeneration ?? 0))
            {
                continue;
            }

            await replicaSets.DeleteAsync(rs.Metadata.NamespaceProperty, rs.Metadata.Name, cancellationToken: sync.CancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary><c>syncDeploymentStatus</c>: counts and Available only.</summary>
    private static async Task SyncDeploymentStatusAsync(Sync sync, IReadOnlyList<V1ReplicaSet> allRSs, V1ReplicaSet? newRS)
    {
        var status = DeploymentStatusCalculator.Calculate(sync.Deployment, allRSs, newRS, sync.Owner.Now);
        await sync.WriteStatusAsync(status).ConfigureAwait(false);
    }

    /// <summary><c>syncRolloutStatus</c>: counts, Available, Progressing and ReplicaFailure.</summary>
    internal async Task SyncRolloutStatusAsync(Sync sync, IReadOnlyList<V1ReplicaSet> allRSs, V1ReplicaSet? newRS)
    {
        var status = DeploymentStatusCalculator.CalculateRollout(sync.Deployment, allRSs, newRS, Now);
        await sync.WriteStatusAsync(status).ConfigureAwait(false);
    }

    /// <summary>Pods owned by any of the Deployment's ReplicaSets, by ReplicaSet UID (Recreate waits for old ones to end).</summary>
    internal ILookup<string, V1Pod> PodsByReplicaSet(IEnumerable<V1ReplicaSet> rsList, string @namespace) =>
        rsList.Select(rs => rs.Metadata.Uid).Distinct()
            .SelectMany(uid => podStore.ControlledBy(@namespace, uid).Select(pod => (Owner: uid, Pod: pod)))
            .ToLookup(x => x.Owner, x => x.Pod);

    /// <summary>One sync of one Deployment: its working copy and the latest stored version to write against.</summary>
    internal sealed class Sync(DeploymentReconciler owner, V1Deployment cached, CancellationToken cancellationToken)
    {
        public DeploymentReconciler Owner { get; } = owner;

        public V1Deployment Cached { get; private set; } = cached;

        public V1Deployment Deployment { get; } = DeepCopy.Of(cached);

        public CancellationToken CancellationToken { get; } = cancellationToken;

        public void Stored(V1Deployment stored)
        {
            Cached = stored;
            Deployment.Metadata.ResourceVersion = stored.Metadata.ResourceVersion;
        }

        /// <summary>Writes the status unless it is what is stored already (upstream compares before UpdateStatus).</summary>
        public async Task WriteStatusAsync(V1DeploymentStatus status)
        {
            if (DeploymentStatusCalculator.Equal(Cached.Status, status))
            {
                Deployment.Status = status;
                return;
            }

            var stored = await Owner.UpdateStatusAsync(Cached, status, CancellationToken)
                .ConfigureAwait(false);
            Stored(stored);
            Deployment.Status = status;
        }
    }
}
