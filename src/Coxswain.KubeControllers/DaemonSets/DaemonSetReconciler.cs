using System.Globalization;
using Coxswain.KubeControllers.Pods;
using Coxswain.Runtime.Cache;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Controllers;
using Coxswain.Runtime.Events;
using Coxswain.Runtime.Expectations;
using Coxswain.Runtime.Relations;
using Coxswain.Runtime.Workloads;
using k8s;
using k8s.Models;

namespace Coxswain.KubeControllers.DaemonSets;

/// <summary>
/// kube-controller-manager's DaemonSet controller (<c>syncDaemonSet</c>): one pod per eligible node, each pinned to
/// its node by required node affinity on <c>metadata.name</c> and scheduled like any pod; templates versioned as
/// ControllerRevisions whose hash labels the pods (<c>controller-revision-hash</c>); RollingUpdate or OnDelete.
/// </summary>
internal sealed class DaemonSetReconciler(
    ResourceClient<V1DaemonSet> daemonSets,
    ResourceClient<V1Pod> pods,
    Store<V1DaemonSet> daemonSetStore,
    Store<V1Pod> podStore,
    Store<V1Node> nodeStore,
    DaemonSetHistory history,
    UidTrackingControllerExpectations expectations,
    PodControl podControl,
    EventRecorder recorder,
    TimeProvider time) : IReconciler
{
    /// <summary>Upstream's <c>BurstReplicas</c> for DaemonSets: the most pods created or deleted in one sync.</summary>
    public const int BurstReplicas = 250;

    /// <summary>The label upstream also sets on daemon pods: the DaemonSet generation they were created from.</summary>
    public const string TemplateGenerationLabel = "pod-template-generation";

    public async Task<ReconcileResult> ReconcileAsync(ReconcileRequest request, CancellationToken cancellationToken)
    {
        var key = request.ToString();
        if (daemonSetStore.Get(request.Namespace, request.Name) is not { } ds)
        {
            expectations.DeleteExpectations(key);
            return ReconcileResult.Done;
        }

        if (ds.Spec.Selector is { MatchLabels: null or { Count: 0 }, MatchExpressions: null or { Count: 0 } })
        {
            recorder.Warning(ds, "SelectingAll", "Sync", "This daemon set is selecting all pods. A non-empty selector is required.");
            return ReconcileResult.Done;
        }

        var nodes = nodeStore.List();
        var (current, old) = await history.ConstructAsync(ds, cancellationToken).ConfigureAwait(false);
        var hash = current.Metadata.Labels.ValueOf(ControllerRevisions.HashLabel) ?? "";

        // Expectations are checked BEFORE the pod cache is read, never after (syncDaemonSet, manage and rollingUpdate
        // each list pods after their check). The cache is written before pod events are observed, so a snapshot taken
        // after a satisfied check holds every create and delete the check counted. A snapshot taken before it can miss
        // them: the rolling update then deleted the just-deleted old pod again, expected a delete event that had already
        // come, and stalled with the node empty until the expectations' TTL.
        var synced = false;
        if (expectations.SatisfiedExpectations(key) && ds.Metadata.DeletionTimestamp is null)
        {
            var podsByNode = await PodsByNodeAsync(ds, cancellationToken).ConfigureAwait(false);
            await SyncNodesAsync(key, ds, DaemonSetPlanner.Manage(ds, nodes, podsByNode, hash, time.GetUtcNow()), hash, cancellationToken).ConfigureAwait(false);
            if (expectations.SatisfiedExpectations(key))
            {
                if (ds.Spec.UpdateStrategy?.Type is null or "RollingUpdate")
                {
                    podsByNode = await PodsByNodeAsync(ds, cancellationToken).ConfigureAwait(false);
                    await SyncNodesAsync(key, ds, DaemonSetPlanner.RollingUpdate(ds, nodes, podsByNode, hash, time.GetUtcNow()), hash, cancellationToken)
                        .ConfigureAwait(false);
                }

                await history.CleanupAsync(ds, old, podsByNode.Values.SelectMany(p => p), cancellationToken).ConfigureAwait(false);
                synced = true;
            }
        }

        var now = time.GetUtcNow();
        var status = DaemonSetPlanner.Status(ds, nodes, await PodsByNodeAsync(ds, cancellationToken).ConfigureAwait(false), hash, now, updateObservedGeneration: synced);
        if (KubernetesJson.Serialize(status) != KubernetesJson.Serialize(ds.Status ?? new V1DaemonSetStatus()))
        {
            await daemonSets.UpdateStatusAsync(ds, d => d.Status = status, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        // Ready pods become available minReadySeconds later without an event.
        return (ds.Spec.MinReadySeconds ?? 0) > 0 && status.NumberReady != status.NumberAvailable
            ? ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(ds.Spec.MinReadySeconds!.Value))
            : ReconcileResult.Done;
    }

    /// <summary><c>getNodesToDaemonPods</c>: the pods the DaemonSet owns (claiming matching orphans), by their node.</summary>
    private async Task<Dictionary<string, List<V1Pod>>> PodsByNodeAsync(V1DaemonSet ds, CancellationToken cancellationToken)
    {
        var owned = await new ControllerRefManager<V1Pod>(
                pods, ds, p => LabelSelectors.Matches(ds.Spec.Selector, p.Metadata.Labels),
                async ct => await daemonSets.GetAsync(ds.Metadata.NamespaceProperty, ds.Metadata.Name, ct).ConfigureAwait(false))
            .ClaimAsync(podStore.ClaimCandidates(ds), cancellationToken).ConfigureAwait(false);
        return DaemonSetPlanner.PodsByNode(owned);
    }

    /// <summary><c>syncNodes</c>: deletes and creates in one expectation round, creations in slow-start batches.</summary>
    private async Task SyncNodesAsync(string key, V1DaemonSet ds, DaemonSetPlan plan, string hash, CancellationToken cancellationToken)
    {
        var toCreate = plan.NodesNeedingPods.Take(BurstReplicas).ToList();
        var toDelete = plan.PodsToDelete.Take(BurstReplicas).ToList();
        if (toCreate.Count == 0 && toDelete.Count == 0)
        {
            return;
        }

        expectations.ExpectDeletions(key, toDelete.Select(p => $"{p.Metadata.NamespaceProperty}/{p.Metadata.Name}"));
        expectations.Expectations.RaiseExpectations(key, toCreate.Count, 0);

        foreach (var pod in plan.FailedPods)
        {
            recorder.Warning(ds, "FailedDaemonPod", "Delete",
                $"Found failed daemon pod {pod.Metadata.NamespaceProperty}/{pod.Metadata.Name} on node {pod.Spec?.NodeName}, will try to kill it", pod);
        }

        var next = -1;
        var (created, createError) = await SlowStartBatch.RunAsync(toCreate.Count, () =>
        {
            var node = toCreate[Interlocked.Increment(ref next)];
            return podControl.CreateAsync(PodFor(ds, node, hash), ds, cancellationToken);
        }, cancellationToken).ConfigureAwait(false);
        for (var skipped = toCreate.Count - created; skipped > 0; skipped--)
        {
            expectations.CreationObserved(key);
        }

        var deleteError = await podControl.DeleteExpectedAsync(toDelete, ds, expectations, key, cancellationToken).ConfigureAwait(false);
        if ((createError ?? deleteError) is { } error)
        {
            throw error;
        }
    }

    /// <summary><c>CreatePodTemplate</c> + node pinning: revision labels, default tolerations, the node's affinity.</summary>
    private static V1Pod PodFor(V1DaemonSet ds, string nodeName, string hash)
    {
        var template = DeepCopy.Of(ds.Spec.Template);
        template.Metadata ??= new V1ObjectMeta();
        template.Metadata.Labels = new Dictionary<string, string>(template.Metadata.Labels ?? new Dictionary<string, string>())
        {
            [ControllerRevisions.HashLabel] = hash,
            [TemplateGenerationLabel] = (ds.Metadata.Generation ?? 0).ToString(CultureInfo.InvariantCulture),
        };
        DaemonPodPlacement.AddDefaultTolerations(template.Spec);
        DaemonPodPlacement.PinToNode(template.Spec, nodeName);
        return PodControl.PodFromTemplate(template, ds);
    }
}
