using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Validation.Kinds.Pods;

/// <summary>
/// The mutations of the admission plugins kube-apiserver enables by default that touch every new pod:
/// ServiceAccount (default service account), Priority (priority and preemptionPolicy) and DefaultTolerationSeconds.
/// </summary>
public static class PodAdmissionDefaults
{
    public const string DefaultServiceAccountName = "default";
    public const string NotReadyTaint = "node.kubernetes.io/not-ready";
    public const string UnreachableTaint = "node.kubernetes.io/unreachable";
    public const int DefaultTolerationSeconds = 300;

    /// <summary>The priorities of the PriorityClasses every cluster has; other class names are resolved by the server.</summary>
    static readonly Dictionary<string, int> SystemPriorityClasses = new()
    {
        ["system-node-critical"] = 2000001000,
        ["system-cluster-critical"] = 2000000000,
    };

    public static void Apply(JsonObject pod)
    {
        var spec = pod.GetOrAddObject("spec");
        ApplyServiceAccount(spec);
        ApplyPriority(spec);
        ApplyDefaultTolerations(spec);
    }

    static void ApplyServiceAccount(JsonObject spec)
    {
        spec.DefaultString("serviceAccountName", DefaultServiceAccountName);
        // The deprecated serviceAccount field is always written back as a copy of serviceAccountName.
        spec["serviceAccount"] = spec.StrOrEmpty("serviceAccountName");
    }

    static void ApplyPriority(JsonObject spec)
    {
        var className = spec.StrOrEmpty("priorityClassName");
        if (!spec.Has("priority"))
            spec["priority"] = SystemPriorityClasses.TryGetValue(className, out var priority) ? priority : 0;
        spec.DefaultString("preemptionPolicy", "PreemptLowerPriority");
    }

    /// <summary>Pods tolerate a not-ready or unreachable node for 5 minutes unless they already say how long.</summary>
    static void ApplyDefaultTolerations(JsonObject spec)
    {
        var tolerations = spec["tolerations"] as JsonArray ?? [];
        var existing = tolerations.Objects().Select(t => t.Item).ToList();
        foreach (var taint in (string[])[NotReadyTaint, UnreachableTaint])
        {
            var tolerated = existing.Any(t =>
                (t.StrOrEmpty("key") == taint || t.StrOrEmpty("key").Length == 0) &&
                (t.StrOrEmpty("effect") == "NoExecute" || t.StrOrEmpty("effect").Length == 0));
            if (!tolerated)
                tolerations.Add(new JsonObject
                {
                    ["key"] = taint, ["operator"] = "Exists", ["effect"] = "NoExecute", ["tolerationSeconds"] = DefaultTolerationSeconds,
                });
        }
        spec["tolerations"] = tolerations;
    }
}
