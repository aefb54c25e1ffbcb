using Coxswain.Apis.Apps;
using Coxswain.Apis.Apps.Pub;
using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Controllers;
using Coxswain.Runtime.Events;
using Coxswain.Runtime.Informers;
using Coxswain.Runtime.Patching;
using Coxswain.Runtime.Relations;
using Coxswain.Runtime.Workloads;
using Coxswain.Workloads.InPlaceUpdate;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coxswain.Workloads.CloneSets;

/// <summary>
/// OpenKruise's CloneSet sync loop: claim pods, settle revisions, move in-place updates and lifecycle states along, then
/// either scale (create or delete pods) or update (in place or by recreation) — never both in one round — and write
/// the status. Planning is pure (<see cref="ScalePlanner"/>, <see cref="UpdatePlanner"/>, <see cref="CloneSetStatusCalculator"/>);
/// this class only reads the caches and performs the writes.
/// </summary>
public sealed class CloneSetReconciler : IObjectReconciler<CloneSet>
{
    /// <summary>The Events' reporting controller.</summary>
    public const string ReportingController = "cloneset-controller";
    const string FieldManager = "kruise-manager";

    readonly ResourceClient<CloneSet> _cloneSets;
    readonly ResourceClient<V1Pod> _pods;
    readonly ResourceClient<V1PersistentVolumeClaim> _claims;
    readonly ControllerRevisionHistory _history;
    readonly SharedInformerFactory _informers;
    readonly CloneSetExpectations _expectations;
    readonly EventRecorder _events;
    readonly TimeProvider _time;
    readonly InPlaceUpdater _inPlace;
    readonly KruisePodReadiness _readiness;
    readonly CloneSetMetrics _metrics;
    readonly ILogger _logger;

    public CloneSetReconciler(
        ResourceClient<CloneSet> cloneSets, ResourceClient<V1Pod> pods, ResourceClient<V1ControllerRevision> revisions,
        ResourceClient<V1PersistentVolumeClaim> claims, SharedInformerFactory informers, CloneSetExpectations expectations,
        EventBroadcaster events, TimeProvider? time = null, CloneSetMetrics? metrics = null, ILogger<CloneSetReconciler>? logger = null)
    {
        _metrics = metrics ?? CloneSetMetrics.Default;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _cloneSets = cloneSets;
        _pods = pods;
        _claims = claims;
        _history = new ControllerRevisionHistory(revisions);
        _informers = informers;
        _expectations = expectations;
        _events = events.NewRecorder(ReportingController);
        _time = time ?? TimeProvider.System;
        _inPlace = new InPlaceUpdater(pods, _time, FieldManager);
        _readiness = new KruisePodReadiness(pods, _time, FieldManager);
    }

    static PatchOptions AsManager => new() { FieldManager = FieldManager };

    public async Task<ReconcileResult> ReconcileAsync(CloneSet cloneSet, CancellationToken cancellationToken)
    {
        var key = $"{cloneSet.Metadata.NamespaceProperty}/{cloneSet.Metadata.Name}";
        if (cloneSet.Metadata.DeletionTimestamp is not null)
        {
            _expectations.Delete(key);
            return ReconcileResult.Done;
        }
        var podStore = _informers.Get<V1Pod>().Store;
        // Acting on a cache that does not yet show our own writes would create or update pods twice.
        if (_expectations.ScaleUnsatisfiedFor(key) is { } unsatisfied)
        {
            if (unsatisfied < _expectations.Timeout) return ReconcileResult.RequeueAfter(TimeSpan.FromMilliseconds(200));
            return ScaleExpectationsLeaked(cloneSet, key, unsatisfied);
        }
        if (!_expectations.PodWritesObserved(key, name => podStore.Get(cloneSet.Metadata.NamespaceProperty, name)))
            return ReconcileResult.RequeueAfter(TimeSpan.FromMilliseconds(200));

        var owned = await ClaimPodsAsync(cloneSet, podStore.ClaimCandidates(cloneSet), cancellationToken);
        var pods = owned.Where(PodStates.IsPodActive).ToList();
        var claims = _informers.Get<V1PersistentVolumeClaim>().Store.OwnedBy(cloneSet.Metadata.Uid)
            .Where(c => c.Metadata.DeletionTimestamp is null).ToList();
        if (cloneSet.Spec.ScaleStrategy.DisablePvcReuse) claims = await CleanupClaimsAsync(claims, owned, cancellationToken);
        var (currentRevision, updateRevision, collisionCount, revisions) = await SyncRevisionsAsync(cloneSet, cancellationToken);
        var now = _time.GetUtcNow();

        var (refreshed, requeue) = await RefreshPodsAsync(cloneSet, key, pods, cancellationToken);
        var failures = new List<CloneSetCondition>();
        if (!refreshed)
        {
            var scale = ScalePlanner.Plan(cloneSet, pods, claims, currentRevision.Metadata.Name, updateRevision.Metadata.Name, now);
            if (!scale.IsEmpty || scale.ScaleUpLimitedTo is not null)
            {
                if (await ScaleAsync(cloneSet, key, scale, updateRevision.Metadata.Name, revisions, claims, cancellationToken) is { } scaleError)
                    failures.Add(Failure(CloneSetConditionTypes.FailedScale, scaleError, now));
            }
            else
            {
                var (delay, updateError) = await UpdateAsync(cloneSet, key, pods, currentRevision, updateRevision, revisions, now, cancellationToken);
                requeue = Earliest(requeue, delay);
                if (updateError is not null) failures.Add(Failure(CloneSetConditionTypes.FailedUpdate, updateError, now));
            }
        }

        var status = CloneSetStatusCalculator.Calculate(cloneSet, pods, currentRevision.Metadata.Name, updateRevision.Metadata.Name, collisionCount, now);
        // As OpenKruise: the conditions report this round's failures only.
        status.Conditions = failures.Count > 0 ? failures : null;
        if (cloneSet.Status is null || KubernetesJson.Serialize(status) != KubernetesJson.Serialize(cloneSet.Status))
            await _cloneSets.UpdateStatusAsync(cloneSet, c => c.Status = status, cancellationToken: cancellationToken);
        await TruncateHistoryAsync(cloneSet, pods, revisions, currentRevision, updateRevision, cancellationToken);

        // Pods become available minReadySeconds after Ready without any event to say so.
        if (status.AvailableReplicas != status.ReadyReplicas && cloneSet.Spec.MinReadySeconds > 0)
            requeue = Earliest(requeue, TimeSpan.FromSeconds(cloneSet.Spec.MinReadySeconds));
        // A failed write is retried with backoff, unless a grace period already brings the CloneSet back sooner.
        if (failures.Count > 0 && requeue is null) return ReconcileResult.Requeue;
        return requeue is { } wait ? ReconcileResult.RequeueAfter(wait) : ReconcileResult.Done;
    }

    /// <summary>
    /// As OpenKruise: a create or delete never observed (an event lost) leaves the scale expectations unsatisfied;
    /// past the timeout that is counted and logged, and the CloneSet stays put unless the expectations may be forgotten.
    /// </summary>
    ReconcileResult ScaleExpectationsLeaked(CloneSet cloneSet, string key, TimeSpan unsatisfied)
    {
        var pending = _expectations.Scale.GetExpectations(key);
        CloneSetLog.ExpectationUnsatisfiedOvertime(_logger, key, pending?.PendingCreations ?? 0, pending?.PendingDeletions ?? 0, unsatisfied);
        _metrics.ScaleExpectationLeakage.WithLabels(cloneSet.Metadata.NamespaceProperty, cloneSet.Metadata.Name).Inc();
        if (!_expectations.ForceDeleteOnTimeout) return ReconcileResult.Done;
        CloneSetLog.ExpectationForceDeleted(_logger, key, unsatisfied);
        _expectations.Scale.DeleteExpectations(key);
        // Nothing else may bring the CloneSet back soon: look again shortly, as OpenKruise does.
        return ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(10));
    }

    static CloneSetCondition Failure(string type, string message, DateTimeOffset now) =>
        new() { Type = type, Status = "True", LastTransitionTime = now.UtcDateTime, Message = message };

    /// <summary>
    /// cleanupPVCs: with <c>disablePVCReuse</c>, the PVCs of instances that no longer have a pod are deleted at once
    /// rather than kept for a replacement; returns the PVCs left.
    /// </summary>
    async Task<List<V1PersistentVolumeClaim>> CleanupClaimsAsync(
        List<V1PersistentVolumeClaim> claims, IReadOnlyList<V1Pod> owned, CancellationToken cancellationToken)
    {
        var used = owned.Select(p => p.Label(KruiseLabels.CloneSetInstanceId)).OfType<string>().ToHashSet();
        var kept = new List<V1PersistentVolumeClaim>();
        foreach (var claim in claims)
        {
            if (claim.Label(KruiseLabels.CloneSetInstanceId) is { } id && used.Contains(id))
            {
                kept.Add(claim);
                continue;
            }
            try
            {
                await _claims.DeleteAsync(claim.Metadata.NamespaceProperty, claim.Metadata.Name, cancellationToken: cancellationToken);
            }
            catch (KubernetesApiException e) when (e.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
            }
        }
        return kept;
    }

    /// <summary>Adopts matching orphans and releases owned pods that no longer match, as kube-controller-manager does.</summary>
    Task<IReadOnlyList<V1Pod>> ClaimPodsAsync(CloneSet cloneSet, IEnumerable<V1Pod> candidates, CancellationToken cancellationToken)
    {
        var manager = new ControllerRefManager<V1Pod>(
            _pods, cloneSet, pod => LabelSelectors.Matches(cloneSet.Spec.Selector, pod.Metadata.Labels),
            async ct => await _cloneSets.GetAsync(cloneSet.Metadata.NamespaceProperty, cloneSet.Metadata.Name, ct));
        return manager.ClaimAsync(candidates, cancellationToken);
    }

    async Task<(V1ControllerRevision Current, V1ControllerRevision Update, int CollisionCount, List<V1ControllerRevision> All)> SyncRevisionsAsync(
        CloneSet cloneSet, CancellationToken cancellationToken)
    {
        var revisions = ControllerRevisions.Sorted(_informers.Get<V1ControllerRevision>().Store.OwnedBy(cloneSet.Metadata.Uid)).ToList();
        var collisionCount = cloneSet.Status?.CollisionCount ?? 0;
        var update = CloneSetRevisions.FindUpdateRevision(cloneSet, revisions);
        if (update is null)
        {
            (update, collisionCount) = await _history.CreateAsync(
                cloneSet.Metadata.Name, CloneSetRevisions.NewRevision(cloneSet, revisions), collisionCount, cancellationToken);
            revisions.Add(update);
        }
        else if (update.Revision < ControllerRevisions.NextRevision(revisions) - 1)
        {
            // A template that comes back (a rollback) becomes the newest revision again.
            var renumbered = await _history.UpdateRevisionNumberAsync(update, ControllerRevisions.NextRevision(revisions), cancellationToken);
            revisions[revisions.IndexOf(update)] = renumbered;
            update = renumbered;
        }
        return (CloneSetRevisions.CurrentRevision(cloneSet, revisions, update), update, collisionCount, revisions);
    }

    /// <summary>
    /// Moves pods along without planning: in-place updates (grace periods, completion), the first InPlaceUpdateReady,
    /// and lifecycle states PreparingNormal → Normal once scheduled and Updating → Normal once updated.
    /// </summary>
    async Task<(bool Modified, TimeSpan? Requeue)> RefreshPodsAsync(CloneSet cloneSet, string key, List<V1Pod> pods, CancellationToken cancellationToken)
    {
        var results = await ParallelPodWrites.RunAsync(pods, (pod, ct) => RefreshPodAsync(cloneSet, key, pod, ct), cancellationToken);
        return (results.Any(r => r.Modified), results.Aggregate((TimeSpan?)null, (earliest, r) => Earliest(earliest, r.RequeueAfter)));
    }

    async Task<InPlaceRefreshResult> RefreshPodAsync(CloneSet cloneSet, string key, V1Pod pod, CancellationToken cancellationToken)
    {
        if (await _readiness.InitializeAsync(pod, cancellationToken)) return new InPlaceRefreshResult(true, null);
        var result = await _inPlace.RefreshAsync(pod, cancellationToken);
        if (result.Modified) return result;
        if (NextLifecycleState(cloneSet.Spec.Lifecycle, pod) is not { } next) return result;
        await SetLifecycleStateAsync(key, pod, next, cloneSet.Spec.Lifecycle?.InPlaceUpdate?.MarkPodNotReady == true, cancellationToken);
        return result with { Modified = true };
    }

    /// <summary>
    /// refreshPodState: PreparingNormal → Normal once scheduled (and all preNormal hooks are on the pod); Updating →
    /// Updated (an inPlaceUpdate hook is not fully back on the pod yet) or Normal once the in-place update completed;
    /// Updated → Normal once the hook is back.
    /// </summary>
    static string? NextLifecycleState(Lifecycle? lifecycle, V1Pod pod)
    {
        var updated = InPlaceUpdateReadiness.IsReady(pod) && InPlaceUpdateCompletion.Incomplete(pod) is null;
        var hookBack = lifecycle?.InPlaceUpdate is null || LifecycleHooks.IsAllHooked(lifecycle.InPlaceUpdate, pod);
        return CloneSetPods.LifecycleState(pod) switch
        {
            LifecycleStates.PreparingNormal when PodStates.IsPodScheduled(pod)
                && (lifecycle?.PreNormal is null || LifecycleHooks.IsAllHooked(lifecycle.PreNormal, pod)) => LifecycleStates.Normal,
            LifecycleStates.Updating when updated => hookBack ? LifecycleStates.Normal : LifecycleStates.Updated,
            LifecycleStates.Updated when hookBack => LifecycleStates.Normal,
            _ => null,
        };
    }

    /// <summary>
    /// UpdatePodLifecycle: writes <c>lifecycle.apps.kruise.io/state</c> and its timestamp annotation. With
    /// <paramref name="markPodNotReady"/> (the hook's <c>markPodNotReady</c>), KruisePodReady is held False through
    /// PreparingDelete and PreparingUpdate, and the PreparingUpdate hold is let go at Updated.
    /// </summary>
    async Task SetLifecycleStateAsync(string key, V1Pod pod, string state, bool markPodNotReady, CancellationToken cancellationToken)
    {
        if (markPodNotReady)
        {
            switch (state)
            {
                case LifecycleStates.PreparingDelete:
                    await _readiness.AddNotReadyKeyAsync(pod, KruisePodReadiness.PreparingDeleteKey, cancellationToken);
                    break;
                case LifecycleStates.PreparingUpdate:
                    await _readiness.AddNotReadyKeyAsync(pod, KruisePodReadiness.PreparingUpdateKey, cancellationToken);
                    break;
                case LifecycleStates.Updated:
                    await _readiness.RemoveNotReadyKeyAsync(pod, KruisePodReadiness.PreparingUpdateKey, cancellationToken);
                    break;
            }
        }
        if (CloneSetPods.LifecycleState(pod) == state) return;
        var written = await _pods.PatchAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, Patches.Merge(new()
        {
            ["metadata"] = new System.Text.Json.Nodes.JsonObject
            {
                ["labels"] = new System.Text.Json.Nodes.JsonObject { [KruiseLabels.LifecycleState] = state },
                ["annotations"] = new System.Text.Json.Nodes.JsonObject { [KruiseAnnotations.LifecycleTimestamp] = Rfc3339(_time.GetUtcNow()) },
            },
        }), AsManager, cancellationToken);
        _expectations.ExpectPodWrite(key, written);
    }

    /// <summary>Performs the scale plan; returns the first failure's message, if any.</summary>
    async Task<string?> ScaleAsync(
        CloneSet cloneSet, string key, ScalePlan plan, string updateRevision, List<V1ControllerRevision> revisions,
        IReadOnlyList<V1PersistentVolumeClaim> claims, CancellationToken cancellationToken)
    {
        if (plan.ScaleUpLimitedTo is { } limit)
            _events.Warning(cloneSet, CloneSetEventReasons.ScaleUpLimited, "Create",
                $"scaleUp is limited because of scaleStrategy.maxUnavailable, limit: {limit}");
        foreach (var pod in plan.DeletionsCancelled)
        {
            CloneSetLog.DeletionCancelled(_logger, key, $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}");
            await SetLifecycleStateAsync(key, pod, LifecycleStates.PreparingNormal, markPodNotReady: false, cancellationToken);
        }
        if (plan.Creations.Count > 0)
        {
            CloneSetLog.ScaleOut(_logger, key, plan.Creations.Count, plan.Creations.Count(c => c.Revision != updateRevision));
            return await CreatePodsAsync(cloneSet, key, plan.Creations, revisions, claims, cancellationToken);
        }
        if (plan.Deletions.Count > 0)
        {
            CloneSetLog.Deleting(_logger, key, string.Join(",", plan.Deletions.Select(p => p.Metadata.Name)));
            return await DeletePodsAsync(cloneSet, key, plan.Deletions, claims, cancellationToken);
        }
        return null;
    }

    /// <summary>Creates pods in slow-start batches (1, 2, 4, …), stopping at the first batch with a failure, as DoItSlowly does.</summary>
    async Task<string?> CreatePodsAsync(
        CloneSet cloneSet, string key, IReadOnlyList<PodCreation> creations, List<V1ControllerRevision> revisions,
        IReadOnlyList<V1PersistentVolumeClaim> claims, CancellationToken cancellationToken)
    {
        _expectations.Scale.ExpectCreations(key, creations.Count);
        var existingClaims = claims.Select(c => c.Metadata.Name).ToHashSet();
        var now = _time.GetUtcNow().UtcDateTime;
        var (_, skipped, error) = await SlowStartBatch.RunAsync(creations, async creation =>
        {
            if (await CreatePodAsync(cloneSet, key, creation, revisions, existingClaims, now, cancellationToken) is { } failure)
                throw new InvalidOperationException(failure);
        }, cancellationToken);
        // The pods never attempted will never be observed either.
        for (var i = 0; i < skipped; i++) _expectations.Scale.CreationObserved(key);
        return error?.Message;
    }

    /// <summary>Creates one pod (and its PVCs); returns the failure's message, or null.</summary>
    async Task<string?> CreatePodAsync(
        CloneSet cloneSet, string key, PodCreation creation, List<V1ControllerRevision> revisions, HashSet<string> existingClaims, DateTime now,
        CancellationToken cancellationToken)
    {
        var revision = revisions.First(r => r.Metadata.Name == creation.Revision);
        var pod = CloneSetPods.New(cloneSet, CloneSetRevisions.AtRevision(cloneSet, revision), creation.Revision, creation.InstanceId, now);
        try
        {
            foreach (var claim in CloneSetPods.NewClaims(cloneSet, creation.InstanceId).Where(c => !existingClaims.Contains(c.Metadata.Name)))
            {
                try
                {
                    await _claims.CreateAsync(claim, new WriteOptions { FieldManager = FieldManager }, cancellationToken);
                }
                catch (KubernetesApiException e) when (e.StatusCode == System.Net.HttpStatusCode.Conflict)
                {
                    // Left by a deleted pod of the same instance: reused.
                }
            }
            await _pods.CreateAsync(pod, new WriteOptions { FieldManager = FieldManager }, cancellationToken);
            _events.Normal(cloneSet, CloneSetEventReasons.SuccessfulCreate, "Create", $"succeed to create pod {pod.Metadata.Name}", pod);
            return null;
        }
        catch (KubernetesApiException e)
        {
            _expectations.Scale.CreationObserved(key);
            _events.Warning(cloneSet, CloneSetEventReasons.FailedCreate, "Create", $"failed to create pod: {e.Message}, pod: {pod.Metadata.Name}");
            return $"failed to create pod {pod.Metadata.Name}: {e.Message}";
        }
    }

    async Task<string?> DeletePodsAsync(CloneSet cloneSet, string key, IReadOnlyList<V1Pod> pods, IReadOnlyList<V1PersistentVolumeClaim> claims, CancellationToken cancellationToken)
    {
        string? error = null;
        // Pods held by a preDelete hook are only marked PreparingDelete; they are deleted once the hook lets go.
        var hook = cloneSet.Spec.Lifecycle?.PreDelete;
        foreach (var held in pods.Where(p => LifecycleHooks.IsHooked(hook, p)))
            await SetLifecycleStateAsync(key, held, LifecycleStates.PreparingDelete, hook?.MarkPodNotReady == true, cancellationToken);
        pods = pods.Where(p => !LifecycleHooks.IsHooked(hook, p)).ToList();
        _expectations.Scale.ExpectDeletions(key, pods.Count);
        foreach (var pod in pods)
        {
            try
            {
                if (!await _pods.DeleteAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, cancellationToken: cancellationToken))
                    _expectations.Scale.DeletionObserved(key);
                _events.Normal(cloneSet, CloneSetEventReasons.SuccessfulDelete, "Delete", $"succeed to delete pod {pod.Metadata.Name}", pod);
            }
            catch (KubernetesApiException e)
            {
                _expectations.Scale.DeletionObserved(key);
                _events.Warning(cloneSet, CloneSetEventReasons.FailedDelete, "Delete", $"failed to delete pod {pod.Metadata.Name}: {e.Message}");
                error ??= $"failed to delete pod {pod.Metadata.Name}: {e.Message}";
                continue;
            }
            // A pod deleted by the controller takes its PVCs along; one deleted by someone else leaves them for reuse.
            var instanceId = pod.Label(KruiseLabels.CloneSetInstanceId);
            foreach (var claim in claims.Where(c => instanceId is not null && c.Label(KruiseLabels.CloneSetInstanceId) == instanceId))
                await _claims.DeleteAsync(claim.Metadata.NamespaceProperty, claim.Metadata.Name, cancellationToken: cancellationToken);
        }
        return error;
    }

    /// <summary>Performs the update plan; returns when to look again (grace periods) and the first failure's message.</summary>
    async Task<(TimeSpan? Requeue, string? Error)> UpdateAsync(
        CloneSet cloneSet, string key, List<V1Pod> pods, V1ControllerRevision currentRevision, V1ControllerRevision updateRevision,
        List<V1ControllerRevision> revisions, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var plan = UpdatePlanner.Plan(cloneSet, pods, currentRevision.Metadata.Name, updateRevision.Metadata.Name, now);
        var target = revisions.FirstOrDefault(r => r.Metadata.Name == plan.TargetRevision);
        if (target is null) return (null, null);
        var results = await ParallelPodWrites.RunAsync(plan.Pods, (pod, ct) => UpdatePodAsync(cloneSet, key, pod, target, revisions, ct), cancellationToken);
        // The first failure in the plan's order, as one after another would have met it.
        return (results.Aggregate((TimeSpan?)null, (earliest, r) => Earliest(earliest, r.Requeue)), results.FirstOrDefault(r => r.Error is not null).Error);
    }

    /// <summary>Updates one pod to <paramref name="target"/>: in place when the strategy and the change allow it, else marks it for recreation.</summary>
    async Task<(TimeSpan? Requeue, string? Error)> UpdatePodAsync(
        CloneSet cloneSet, string key, V1Pod pod, V1ControllerRevision target, List<V1ControllerRevision> revisions, CancellationToken cancellationToken)
    {
        var strategy = cloneSet.Spec.UpdateStrategy;
        if (strategy.Type is CloneSetUpdateStrategyTypes.InPlaceIfPossible or CloneSetUpdateStrategyTypes.InPlaceOnly)
        {
            // An inPlaceUpdate hook holds the pod in PreparingUpdate until its labels and finalizers are removed.
            if (LifecycleHooks.IsHooked(cloneSet.Spec.Lifecycle?.InPlaceUpdate, pod))
            {
                await SetLifecycleStateAsync(key, pod, LifecycleStates.PreparingUpdate,
                    cloneSet.Spec.Lifecycle?.InPlaceUpdate?.MarkPodNotReady == true, cancellationToken);
                return (null, null);
            }
            var from = revisions.FirstOrDefault(r => CloneSetRevisionLabels.IsAt(pod, r.Metadata.Name));
            if (InPlaceUpdateCalculator.Calculate(from, target) is { } spec)
            {
                try
                {
                    var (written, grace) = await _inPlace.UpdateAsync(pod, spec, UpdatePlanner.InPlaceLabels(target.Metadata.Name),
                        strategy.InPlaceUpdateStrategy?.GracePeriodSeconds ?? 0, cancellationToken);
                    _expectations.ExpectPodWrite(key, written);
                    _events.Normal(cloneSet, CloneSetEventReasons.SuccessfulUpdatePodInPlace, "Update",
                        $"successfully update pod {pod.Metadata.Name} in-place(revision {target.Metadata.Name})", pod);
                    return (grace, null);
                }
                catch (KubernetesApiException e)
                {
                    _events.Warning(cloneSet, CloneSetEventReasons.FailedUpdatePodInPlace, "Update",
                        $"failed to update pod {pod.Metadata.Name} in-place(revision {target.Metadata.Name}): {e.Message}", pod);
                    return (null, $"failed to update pod {pod.Metadata.Name} in-place: {e.Message}");
                }
            }
            if (strategy.Type == CloneSetUpdateStrategyTypes.InPlaceOnly)
            {
                _events.Warning(cloneSet, CloneSetEventReasons.FailedUpdatePodInPlace, "Update",
                    $"find Pod {pod.Metadata.Name} update strategy is InPlaceOnly but can not update in-place", pod);
                return (null, $"find Pod {pod.Metadata.Name} update strategy is InPlaceOnly but can not update in-place");
            }
        }

        // Recreate: mark the pod; the scale step deletes it and creates its replacement at the new revision.
        try
        {
            var written = await _pods.PatchAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, Patches.Merge(new()
            {
                ["metadata"] = new System.Text.Json.Nodes.JsonObject
                {
                    ["labels"] = new System.Text.Json.Nodes.JsonObject { [KruiseLabels.SpecifiedDelete] = "true" },
                },
            }), AsManager, cancellationToken);
            _expectations.ExpectPodWrite(key, written);
            _events.Normal(cloneSet, CloneSetEventReasons.SuccessfulUpdatePodReCreate, "Update",
                $"successfully patch Pod {pod.Metadata.Name} specified-delete for update(revision {target.Metadata.Name})", pod);
            return (null, null);
        }
        catch (KubernetesApiException e)
        {
            _events.Warning(cloneSet, CloneSetEventReasons.FailedUpdatePodReCreate, "Update",
                $"failed to patch Pod {pod.Metadata.Name} specified-delete for update(revision {target.Metadata.Name}): {e.Message}", pod);
            return (null, $"failed to patch Pod {pod.Metadata.Name} specified-delete: {e.Message}");
        }
    }

    /// <summary>Deletes the oldest revisions beyond revisionHistoryLimit that no pod runs and that are neither current nor update.</summary>
    async Task TruncateHistoryAsync(
        CloneSet cloneSet, List<V1Pod> pods, List<V1ControllerRevision> revisions, V1ControllerRevision current, V1ControllerRevision update,
        CancellationToken cancellationToken)
    {
        var live = revisions.Where(r => pods.Any(p => CloneSetRevisionLabels.IsAt(p, r.Metadata.Name))).Select(r => r.Metadata.Name)
            .Append(current.Metadata.Name).Append(update.Metadata.Name).ToHashSet();
        var excess = ControllerRevisions.ToTruncate(revisions, live, cloneSet.Spec.RevisionHistoryLimit ?? CloneSetDefaults.DefaultRevisionHistoryLimit);
        if (excess.Count > 0) await _history.DeleteAsync(excess, cancellationToken);
    }

    static TimeSpan? Earliest(TimeSpan? a, TimeSpan? b) => a is null ? b : b is null ? a : a < b ? a : b;

    static string Rfc3339(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture);
}
