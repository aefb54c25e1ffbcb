using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Controllers;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Disruption;

/// <summary>The controller of a pod and its desired scale, as the disruption controller's finders report it.</summary>
public sealed record ControllerScale(string Uid, int Replicas);

/// <summary>An event the disruption controller emits while syncing a budget: about the budget itself, or about one of its pods.</summary>
public sealed record DisruptionEvent(string? PodName, string Type, string Reason, string Message);

/// <summary>What syncing a budget yields: its new status, the events to record, and when to look again (a disrupted pod's deadline).</summary>
public sealed record DisruptionBudgetSync(JsonObject Status, IReadOnlyList<DisruptionEvent> Events, DateTimeOffset? RecheckAt);

/// <summary>
/// kube-controller-manager's disruption controller arithmetic (pkg/controller/disruption), on wire JSON:
/// <list type="bullet">
/// <item>expectedPods: the matching pods when minAvailable is an integer, otherwise the summed scale of their controllers;</item>
/// <item>desiredHealthy: minAvailable (scaled, rounded up), or expectedPods − maxUnavailable (scaled, rounded up);</item>
/// <item>currentHealthy: ready pods that are neither terminating nor recently evicted (<c>status.disruptedPods</c>);</item>
/// <item>disruptionsAllowed = currentHealthy − desiredHealthy, never negative, and 0 while no pod is expected;</item>
/// <item>the DisruptionAllowed condition (SufficientPods / InsufficientPods, or SyncFailed when the counts cannot be computed).</item>
/// </list>
/// </summary>
public static class DisruptionBudgetCalculator
{
    /// <summary>How long an evicted pod is assumed to be on its way out before it counts again.</summary>
    public static readonly TimeSpan DeletionTimeout = TimeSpan.FromMinutes(2);

    public const string DisruptionAllowedCondition = "DisruptionAllowed";
    public const string SufficientPodsReason = "SufficientPods";
    public const string InsufficientPodsReason = "InsufficientPods";
    public const string SyncFailedReason = "SyncFailed";

    /// <summary>
    /// The budget's status given the pods its selector matches. <paramref name="findController"/> resolves a pod's
    /// controller reference to the controller's uid and desired replicas (null when no such controller exists).
    /// </summary>
    public static DisruptionBudgetSync Sync(JsonObject pdb, IReadOnlyList<JsonObject> pods,
        Func<JsonObject, string, (ControllerScale? Scale, string? Error)> findController, DateTimeOffset now)
    {
        var events = new List<DisruptionEvent>();
        if (pods.Count == 0) events.Add(new DisruptionEvent(null, "Normal", "NoPods", "No matching pods found"));
        var spec = pdb.Obj("spec");
        var (expected, desired, unmanaged, error) = ExpectedPodCount(spec, pods, findController);
        if (error is not null)
        {
            events.Add(new DisruptionEvent(null, "Warning", "CalculateExpectedPodCountFailed", $"Failed to calculate the number of expected pods: {error}"));
            return new DisruptionBudgetSync(FailSafe(pdb, error, now), events, null);
        }
        if (unmanaged.Count > 0)
            events.Add(new DisruptionEvent(null, "Warning", "UnmanagedPods",
                $"Pods selected by this PodDisruptionBudget (selector: {GoLabelSelector(spec.Obj("selector"))}) were found to be unmanaged. " +
                "As a result, the status of the PDB cannot be calculated correctly, which may result in undefined behavior. " +
                "To account for these pods please set \".spec.minAvailable\" field of the PDB to an integer value."));

        var (disrupted, recheckAt, notDeleted) = DisruptedPods(pdb, pods, now);
        foreach (var pod in notDeleted)
        {
            // Upstream prints the budget's namespace twice; kept as kube-controller-manager writes it.
            var ns = pdb.Obj("metadata").StrOrEmpty("namespace");
            events.Add(new DisruptionEvent(pod, "Warning", "NotDeleted", $"Pod was expected by PDB {ns}/{ns} to be deleted but it wasn't"));
        }
        var healthy = CountHealthy(pods, disrupted, now);
        return new DisruptionBudgetSync(Status(pdb, healthy, desired, expected, disrupted, now), events, recheckAt);
    }

    /// <summary>getExpectedPodCount.</summary>
    static (int Expected, int Desired, List<string> Unmanaged, string? Error) ExpectedPodCount(JsonObject? spec, IReadOnlyList<JsonObject> pods,
        Func<JsonObject, string, (ControllerScale? Scale, string? Error)> findController)
    {
        var unmanaged = new List<string>();
        if (spec?["maxUnavailable"] is { } maxUnavailable)
        {
            var (expected, error) = ExpectedScale(pods, findController, unmanaged);
            if (error is not null) return (0, 0, unmanaged, error);
            var (max, scaleError) = IntOrString.Scaled(maxUnavailable, expected, roundUp: true);
            if (scaleError is not null) return (0, 0, unmanaged, scaleError);
            return (expected, Math.Max(0, expected - max), unmanaged, null);
        }
        if (spec?["minAvailable"] is { } minAvailable)
        {
            if (minAvailable is JsonValue v && JsonFields.AsLong(v) is { } min) return (pods.Count, (int)min, unmanaged, null);
            var (expected, error) = ExpectedScale(pods, findController, unmanaged);
            if (error is not null) return (0, 0, unmanaged, error);
            var (desired, scaleError) = IntOrString.Scaled(minAvailable, expected, roundUp: true);
            return scaleError is not null ? (0, 0, unmanaged, scaleError) : (expected, desired, unmanaged, null);
        }
        return (0, 0, unmanaged, null);
    }

    /// <summary>getExpectedScale: the sum of the scales of the pods' controllers, each counted once; pods without one are unmanaged.</summary>
    static (int Expected, string? Error) ExpectedScale(IReadOnlyList<JsonObject> pods,
        Func<JsonObject, string, (ControllerScale? Scale, string? Error)> findController, List<string> unmanaged)
    {
        var scales = new Dictionary<string, int>();
        foreach (var pod in pods)
        {
            var meta = pod.Obj("metadata");
            var controllerRef = meta.Arr("ownerReferences").Objects().Select(o => o.Item).FirstOrDefault(o => o.Bool("controller") == true);
            if (controllerRef is null)
            {
                unmanaged.Add(meta.StrOrEmpty("name"));
                continue;
            }
            if (scales.ContainsKey(controllerRef.StrOrEmpty("uid"))) continue;
            var (scale, error) = findController(controllerRef, meta.StrOrEmpty("namespace"));
            if (error is not null) return (0, error);
            if (scale is null) return (0, $"found no controllers for pod {GoQuoting.Quote(meta.StrOrEmpty("name"))}");
            scales[scale.Uid] = scale.Replicas;
        }
        return (scales.Values.Sum(), null);
    }

    /// <summary>buildDisruptedPodMap: evictions still expected to complete; overdue ones are dropped (and reported).</summary>
    static (SortedDictionary<string, string> Disrupted, DateTimeOffset? RecheckAt, List<string> NotDeleted) DisruptedPods(
        JsonObject pdb, IReadOnlyList<JsonObject> pods, DateTimeOffset now)
    {
        var previous = pdb.Obj("status").Obj("disruptedPods");
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        var notDeleted = new List<string>();
        DateTimeOffset? recheck = null;
        if (previous is null) return (result, recheck, notDeleted);
        foreach (var pod in pods)
        {
            var meta = pod.Obj("metadata");
            if (meta.Has("deletionTimestamp")) continue;
            var name = meta.StrOrEmpty("name");
            if (previous.Str(name) is not { } since || KubeTime.Parse(since) is not { } disruptedAt) continue;
            var expectedDeletion = disruptedAt + DeletionTimeout;
            if (expectedDeletion < now) notDeleted.Add(name);
            else
            {
                if (recheck is null || expectedDeletion < recheck) recheck = expectedDeletion;
                result[name] = since;
            }
        }
        return (result, recheck, notDeleted);
    }

    /// <summary>countHealthyPods.</summary>
    static int CountHealthy(IReadOnlyList<JsonObject> pods, SortedDictionary<string, string> disrupted, DateTimeOffset now) =>
        pods.Count(pod =>
        {
            var meta = pod.Obj("metadata");
            if (meta.Has("deletionTimestamp")) return false;
            if (disrupted.TryGetValue(meta.StrOrEmpty("name"), out var since) && KubeTime.Parse(since) is { } at && at + DeletionTimeout > now) return false;
            return PodConditions.IsTrue(pod.Obj("status"), "Ready");
        });

    /// <summary>updatePdbStatus: the status the controller writes, conditions kept and the DisruptionAllowed one brought up to date.</summary>
    static JsonObject Status(JsonObject pdb, int currentHealthy, int desiredHealthy, int expected, SortedDictionary<string, string> disrupted,
        DateTimeOffset now)
    {
        // Budgets matching no pods yet stay safe until their first pods are counted.
        var allowed = currentHealthy - desiredHealthy;
        if (expected <= 0 || allowed <= 0) allowed = 0;
        var generation = pdb.Obj("metadata").Long("generation") ?? 0;
        var status = new JsonObject();
        if (generation != 0) status["observedGeneration"] = generation;
        if (disrupted.Count > 0) status["disruptedPods"] = new JsonObject(disrupted.Select(kv => KeyValuePair.Create(kv.Key, (JsonNode?)kv.Value)));
        status["disruptionsAllowed"] = allowed;
        status["currentHealthy"] = currentHealthy;
        status["desiredHealthy"] = desiredHealthy;
        status["expectedPods"] = expected;
        if (pdb.Obj("status").Arr("conditions") is { } conditions) status["conditions"] = conditions.DeepClone();
        UpdateDisruptionAllowedCondition(status, now);
        return status;
    }

    /// <summary>pdbhelper.UpdateDisruptionAllowedCondition, also used by the eviction subresource when it takes the last allowed disruption.</summary>
    public static void UpdateDisruptionAllowedCondition(JsonObject status, DateTimeOffset now)
    {
        var generation = status.Long("observedGeneration") ?? 0;
        if (status.Long("disruptionsAllowed") > 0)
            MetaConditions.Set(status, DisruptionAllowedCondition, "True", SufficientPodsReason, "", generation, now);
        else
            MetaConditions.Set(status, DisruptionAllowedCondition, "False", InsufficientPodsReason, "", generation, now);
    }

    /// <summary>failSafe: a budget whose counts cannot be computed allows no disruption and says why.</summary>
    static JsonObject FailSafe(JsonObject pdb, string error, DateTimeOffset now)
    {
        var status = pdb.Obj("status")?.DeepClone().AsObject() ?? new JsonObject();
        status["disruptionsAllowed"] = 0;
        MetaConditions.Set(status, DisruptionAllowedCondition, "False", SyncFailedReason, error, status.Long("observedGeneration") ?? 0, now);
        return status;
    }

    /// <summary>How Go prints a *metav1.LabelSelector with %v (its generated String method).</summary>
    public static string GoLabelSelector(JsonObject? selector)
    {
        if (selector is null) return "nil";
        var labels = selector.Obj("matchLabels").StringMap().OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}: {kv.Value},");
        var expressions = selector.Arr("matchExpressions").Objects().Select(e =>
            $"LabelSelectorRequirement{{Key:{e.Item.StrOrEmpty("key")},Operator:{e.Item.StrOrEmpty("operator")}," +
            $"Values:[{string.Join(" ", e.Item.Arr("values").Strings().Select(s => s.Value))}],}},");
        return $"&LabelSelector{{MatchLabels:map[string]string{{{string.Join("", labels)}}},MatchExpressions:[]LabelSelectorRequirement{{{string.Join("", expressions)}}},}}";
    }
}
