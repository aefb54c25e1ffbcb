using Coxswain.Runtime.Workloads;
using k8s.Models;

namespace Coxswain.KubeControllers.DaemonSets;

/// <summary>What one DaemonSet sync should do: nodes that need a pod, pods to delete, failed pods among them.</summary>
internal sealed record DaemonSetPlan(IReadOnlyList<string> NodesNeedingPods, IReadOnlyList<V1Pod> PodsToDelete, IReadOnlyList<V1Pod> FailedPods);

/// <summary>
/// The decisions of the DaemonSet controller as pure functions of the DaemonSet, the nodes and its pods by node:
/// <c>manage</c>/<c>podsShouldBeOnNode</c>, the RollingUpdate step (<c>rollingUpdate</c>) and the status counts.
/// </summary>
internal static class DaemonSetPlanner
{
    /// <summary>
    /// <c>podsShouldBeOnNode</c> for every node: create where a pod belongs and none exists; delete failed pods, all
    /// but the oldest when there are several (with surge: the oldest updated and the oldest old one, the old one once
    /// the updated one is available), and every pod on a node it must leave; pods for nodes that no longer exist go too.
    /// </summary>
    public static DaemonSetPlan Manage(V1DaemonSet ds, IReadOnlyList<V1Node> nodes, IReadOnlyDictionary<string, List<V1Pod>> podsByNode, string hash, DateTimeOffset now)
    {
        var create = new List<string>();
        var delete = new List<V1Pod>();
        var failed = new List<V1Pod>();
        var surge = AllowsSurge(ds);
        foreach (var node in nodes)
        {
            var (shouldRun, shouldContinueRunning) = DaemonPodPlacement.NodeShouldRunDaemonPod(node, ds);
            var exists = podsByNode.TryGetValue(node.Metadata.Name, out var pods) && pods.Count > 0;
            if (shouldRun && !exists)
            {
                create.Add(node.Metadata.Name);
            }
            else if (shouldContinueRunning && exists)
            {
                var running = new List<V1Pod>();
                foreach (var pod in pods!.Where(p => p.Metadata.DeletionTimestamp is null))
                {
                    if (pod.Status?.Phase == "Failed")
                    {
                        failed.Add(pod);
                        delete.Add(pod);
                    }
                    else if (pod.Status?.Phase == "Succeeded")
                    {
                        delete.Add(pod);
                    }
                    else
                    {
                        running.Add(pod);
                    }
                }

                running.Sort(ScheduledThenOldest);
                if (!surge)
                {
                    delete.AddRange(running.Skip(1));
                    continue;
                }

                V1Pod? oldestNew = null, oldestOld = null;
                foreach (var pod in running)
                {
                    if (IsUpdated(pod, hash))
                    {
                        if (oldestNew is null)
                        {
                            oldestNew = pod;
                            continue;
                        }
                    }
                    else if (oldestOld is null)
                    {
                        oldestOld = pod;
                        continue;
                    }

                    delete.Add(pod);
                }

                if (oldestNew is not null && oldestOld is not null && PodStates.IsPodAvailable(oldestNew, ds.Spec.MinReadySeconds ?? 0, now))
                {
                    delete.Add(oldestOld);
                }
            }
            else if (!shouldContinueRunning && exists)
            {
                delete.AddRange(pods!.Where(p => p.Metadata.DeletionTimestamp is null));
            }
        }

        // Pods meant for nodes that are gone and never scheduled (getUnscheduledPodsWithoutNode).
        var nodeNames = nodes.Select(n => n.Metadata.Name).ToHashSet();
        delete.AddRange(podsByNode.Where(e => !nodeNames.Contains(e.Key))
            .SelectMany(e => e.Value).Where(p => string.IsNullOrEmpty(p.Spec?.NodeName) && p.Metadata.DeletionTimestamp is null));
        return new DaemonSetPlan(create, delete.DistinctBy(p => p.Metadata.Uid).ToList(), failed);
    }

    /// <summary>
    /// One RollingUpdate step. Without surge: delete old pods while fewer than maxUnavailable nodes are unavailable
    /// (unavailable old pods always). With surge: create updated pods next to old ones on up to maxSurge nodes (always
    /// where the old pod is unavailable) and delete each old pod once its replacement is available.
    /// </summary>
    public static DaemonSetPlan RollingUpdate(V1DaemonSet ds, IReadOnlyList<V1Node> nodes, IReadOnlyDictionary<string, List<V1Pod>> podsByNode, string hash, DateTimeOffset now)
    {
        var (maxSurge, maxUnavailable, _, wanted) = Budgets(ds, nodes);
        var minReady = ds.Spec.MinReadySeconds ?? 0;
        var podsOnWantedNodes = wanted.Select(n => (Node: n, Pods: podsByNode.TryGetValue(n, out var p) ? p : [])).ToList();

        if (maxSurge == 0)
        {
            var unavailable = 0;
            var allowedReplacement = new List<V1Pod>();
            var candidates = new List<V1Pod>();
            foreach (var (_, pods) in podsOnWantedNodes)
            {
                var (newPod, oldPod, ok) = FindUpdatedPodsOnNode(pods, hash);
                if (!ok)
                {
                    unavailable++;
                    continue;
                }

                if ((oldPod is null && newPod is null) || (oldPod is not null && newPod is not null))
                {
                    unavailable++;
                }
                else if (newPod is not null)
                {
                    if (!PodStates.IsPodAvailable(newPod, minReady, now))
                    {
                        unavailable++;
                    }
                }
                else if (!PodStates.IsPodAvailable(oldPod!, minReady, now))
                {
                    allowedReplacement.Add(oldPod!);
                }
                else if (unavailable < maxUnavailable)
                {
                    candidates.Add(oldPod!);
                }
            }

            var remaining = Math.Clamp(maxUnavailable - unavailable, 0, candidates.Count);
            return new DaemonSetPlan([], [.. allowedReplacement, .. candidates.Take(remaining)], []);
        }

        var surged = 0;
        var allowedNew = new List<string>();
        var candidateNew = new List<string>();
        var oldToDelete = new List<V1Pod>();
        foreach (var (node, pods) in podsOnWantedNodes)
        {
            var (newPod, oldPod, ok) = FindUpdatedPodsOnNode(pods, hash);
            if (!ok)
            {
                surged++;
                continue;
            }

            if (oldPod is null)
            {
                continue; // the manage step creates what is missing
            }

            if (newPod is null)
            {
                if (!PodStates.IsPodAvailable(oldPod, minReady, now))
                {
                    allowedNew.Add(node);
                }
                else if (surged < maxSurge)
                {
                    candidateNew.Add(node);
                }
            }
            else if (!PodStates.IsPodAvailable(newPod, minReady, now))
            {
                surged++;
            }
            else
            {
                oldToDelete.Add(oldPod);
            }
        }

        var remainingSurge = Math.Clamp(maxSurge - surged, 0, candidateNew.Count);
        return new DaemonSetPlan([.. allowedNew, .. candidateNew.Take(remainingSurge)], oldToDelete, []);
    }

    /// <summary>
    /// <c>updatedDesiredNodeCounts</c>: both budgets scale from the number of nodes that should run the daemon, rounding
    /// up; both zero means one unavailable.
    /// </summary>
    public static (int MaxSurge, int MaxUnavailable, int Desired, IReadOnlyList<string> WantedNodes) Budgets(V1DaemonSet ds, IReadOnlyList<V1Node> nodes)
    {
        var wanted = nodes.Where(n => DaemonPodPlacement.NodeShouldRunDaemonPod(n, ds).ShouldRun).Select(n => n.Metadata.Name).ToList();
        var rollingUpdate = ds.Spec.UpdateStrategy?.RollingUpdate;
        var maxUnavailable = IntOrPercent.GetScaledValue(rollingUpdate?.MaxUnavailable ?? (IntOrString)1, wanted.Count, roundUp: true);
        var maxSurge = IntOrPercent.GetScaledValue(rollingUpdate?.MaxSurge ?? (IntOrString)0, wanted.Count, roundUp: true);
        if (maxUnavailable == 0 && maxSurge == 0)
        {
            maxUnavailable = 1;
        }

        return (maxSurge, maxUnavailable, wanted.Count, wanted);
    }

    /// <summary><c>updateDaemonSetStatus</c>: counts over each node's oldest daemon pod.</summary>
    public static V1DaemonSetStatus Status(V1DaemonSet ds, IReadOnlyList<V1Node> nodes, IReadOnlyDictionary<string, List<V1Pod>> podsByNode, string hash, DateTimeOffset now, bool updateObservedGeneration)
    {
        int desired = 0, current = 0, misscheduled = 0, ready = 0, updated = 0, available = 0;
        foreach (var node in nodes)
        {
            var shouldRun = DaemonPodPlacement.NodeShouldRunDaemonPod(node, ds).ShouldRun;
            var pods = podsByNode.TryGetValue(node.Metadata.Name, out var p) ? p.Where(pod => pod.Metadata.DeletionTimestamp is null || pod.Status?.Phase is not ("Failed" or "Succeeded")).ToList() : [];
            if (!shouldRun)
            {
                misscheduled += pods.Count > 0 ? 1 : 0;
                continue;
            }

            desired++;
            if (pods.Count == 0)
            {
                continue;
            }

            current++;
            pods.Sort(ScheduledThenOldest);
            var pod = pods[0];
            if (PodStates.IsPodReady(pod))
            {
                ready++;
                available += PodStates.IsPodAvailable(pod, ds.Spec.MinReadySeconds ?? 0, now) ? 1 : 0;
            }

            updated += IsUpdated(pod, hash) ? 1 : 0;
        }

        return new V1DaemonSetStatus
        {
            DesiredNumberScheduled = desired,
            CurrentNumberScheduled = current,
            NumberMisscheduled = misscheduled,
            NumberReady = ready,
            UpdatedNumberScheduled = updated,
            NumberAvailable = available,
            NumberUnavailable = desired - available,
            ObservedGeneration = updateObservedGeneration ? ds.Metadata.Generation : ds.Status?.ObservedGeneration,
            CollisionCount = ds.Status?.CollisionCount,
            Conditions = ds.Status?.Conditions,
        };
    }

    /// <summary>Daemon pods grouped by the node they are for (<c>getNodesToDaemonPods</c>).</summary>
    public static Dictionary<string, List<V1Pod>> PodsByNode(IEnumerable<V1Pod> ownedPods) =>
        ownedPods.Select(p => (Pod: p, Node: DaemonPodPlacement.TargetNodeName(p)))
            .Where(x => x.Node is not null)
            .GroupBy(x => x.Node!)
            .ToDictionary(g => g.Key, g => g.Select(x => x.Pod).ToList());

    public static bool AllowsSurge(V1DaemonSet ds) =>
        ds.Spec.UpdateStrategy?.Type is null or "RollingUpdate"
        && ds.Spec.UpdateStrategy?.RollingUpdate?.MaxSurge is { } surge
        && IntOrPercent.GetScaledValue(surge, 1, roundUp: true) > 0;

    /// <summary><c>IsPodUpdated</c> by <c>controller-revision-hash</c>.</summary>
    public static bool IsUpdated(V1Pod pod, string hash) =>
        hash.Length > 0 && pod.Metadata.Labels?.TryGetValue(ControllerRevisions.HashLabel, out var h) == true && h == hash;

    /// <summary><c>findUpdatedPodsOnNode</c>: at most one updated and one old live pod, else not ok.</summary>
    private static (V1Pod? New, V1Pod? Old, bool Ok) FindUpdatedPodsOnNode(IEnumerable<V1Pod> pods, string hash)
    {
        V1Pod? newPod = null, oldPod = null;
        foreach (var pod in pods.Where(p => p.Metadata.DeletionTimestamp is null))
        {
            if (IsUpdated(pod, hash))
            {
                if (newPod is not null)
                {
                    return (null, null, false);
                }

                newPod = pod;
            }
            else
            {
                if (oldPod is not null)
                {
                    return (null, null, false);
                }

                oldPod = pod;
            }
        }

        return (newPod, oldPod, true);
    }

    /// <summary><c>podByCreationTimestampAndPhase</c>: scheduled pods first, then oldest, then by name.</summary>
    private static int ScheduledThenOldest(V1Pod a, V1Pod b)
    {
        var scheduled = PodStates.IsPodScheduled(b).CompareTo(PodStates.IsPodScheduled(a));
        if (scheduled != 0)
        {
            return scheduled;
        }

        var created = Nullable.Compare(a.Metadata.CreationTimestamp, b.Metadata.CreationTimestamp);
        return created != 0 ? created : string.CompareOrdinal(a.Metadata.Name, b.Metadata.Name);
    }
}
