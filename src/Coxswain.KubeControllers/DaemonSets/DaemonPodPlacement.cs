using System.Globalization;
using k8s.Models;

namespace Coxswain.KubeControllers.DaemonSets;

/// <summary>
/// Where a DaemonSet's pods belong (<c>NodeShouldRunDaemonPod</c>): nodes its node name, node selector and required
/// node affinity accept and whose taints its pods tolerate — with the tolerations every daemon pod gets
/// (<c>AddOrUpdateDaemonPodTolerations</c>), so daemons stay on not-ready, unreachable, pressured or cordoned nodes.
/// </summary>
internal static class DaemonPodPlacement
{
    /// <summary>The tolerations the DaemonSet controller adds to every pod it creates.</summary>
    public static IReadOnlyList<V1Toleration> DefaultTolerations(V1PodSpec spec)
    {
        var tolerations = new List<V1Toleration>
        {
            new() { Key = "node.kubernetes.io/not-ready", OperatorProperty = "Exists", Effect = "NoExecute" },
            new() { Key = "node.kubernetes.io/unreachable", OperatorProperty = "Exists", Effect = "NoExecute" },
            new() { Key = "node.kubernetes.io/disk-pressure", OperatorProperty = "Exists", Effect = "NoSchedule" },
            new() { Key = "node.kubernetes.io/memory-pressure", OperatorProperty = "Exists", Effect = "NoSchedule" },
            new() { Key = "node.kubernetes.io/pid-pressure", OperatorProperty = "Exists", Effect = "NoSchedule" },
            new() { Key = "node.kubernetes.io/unschedulable", OperatorProperty = "Exists", Effect = "NoSchedule" },
        };
        if (spec.HostNetwork == true)
        {
            tolerations.Add(new() { Key = "node.kubernetes.io/network-unavailable", OperatorProperty = "Exists", Effect = "NoSchedule" });
        }

        return tolerations;
    }

    /// <summary>Adds the default tolerations the template does not already have (same key, operator and effect).</summary>
    public static void AddDefaultTolerations(V1PodSpec spec)
    {
        spec.Tolerations ??= [];
        foreach (var toleration in DefaultTolerations(spec))
        {
            if (!spec.Tolerations.Any(t => t.Key == toleration.Key && t.Effect == toleration.Effect && (t.OperatorProperty ?? "Equal") == toleration.OperatorProperty))
            {
                spec.Tolerations.Add(toleration);
            }
        }
    }

    /// <summary>
    /// Whether a daemon pod should be created on the node, and whether one already there may stay (it may stay on a
    /// node with an untolerated NoSchedule taint, not with an untolerated NoExecute one).
    /// </summary>
    public static (bool ShouldRun, bool ShouldContinueRunning) NodeShouldRunDaemonPod(V1Node node, V1DaemonSet ds)
    {
        var spec = ds.Spec.Template.Spec;
        if (!string.IsNullOrEmpty(spec.NodeName) && spec.NodeName != node.Metadata.Name)
        {
            return (false, false);
        }

        if (!MatchesNodeSelector(spec.NodeSelector, node) || !MatchesRequiredAffinity(spec.Affinity?.NodeAffinity, node))
        {
            return (false, false);
        }

        // Most nodes have no taints: then no toleration matters, and building them for every node on every sync is waste.
        if (node.Spec?.Taints is not { Count: > 0 } taints)
        {
            return (true, true);
        }

        var tolerations = (spec.Tolerations ?? []).Concat(DefaultTolerations(spec)).ToList();
        if (taints.Any(t => t.Effect is "NoSchedule" or "NoExecute" && !tolerations.Any(tol => Tolerates(tol, t))))
        {
            var untoleratedNoExecute = taints.Any(t => t.Effect == "NoExecute" && !tolerations.Any(tol => Tolerates(tol, t)));
            return (false, !untoleratedNoExecute);
        }

        return (true, true);
    }

    /// <summary>
    /// The node a daemon pod is meant for: its <c>spec.nodeName</c>, or before binding the <c>metadata.name</c> its
    /// required node affinity pins it to (<c>GetTargetNodeName</c>).
    /// </summary>
    public static string? TargetNodeName(V1Pod pod)
    {
        if (!string.IsNullOrEmpty(pod.Spec?.NodeName))
        {
            return pod.Spec.NodeName;
        }

        return pod.Spec?.Affinity?.NodeAffinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms?
            .SelectMany(t => t.MatchFields ?? [])
            .FirstOrDefault(f => f.Key == "metadata.name" && f.OperatorProperty == "In" && f.Values?.Count == 1)?.Values[0];
    }

    /// <summary>
    /// <c>ReplaceDaemonSetPodNodeNameNodeAffinity</c>: the pod requires exactly its node (by <c>metadata.name</c>)
    /// and goes through the scheduler like any pod; other required terms are replaced, preferred ones kept.
    /// </summary>
    public static void PinToNode(V1PodSpec spec, string nodeName)
    {
        spec.Affinity ??= new V1Affinity();
        spec.Affinity.NodeAffinity ??= new V1NodeAffinity();
        spec.Affinity.NodeAffinity.RequiredDuringSchedulingIgnoredDuringExecution = new V1NodeSelector
        {
            NodeSelectorTerms =
            [
                new V1NodeSelectorTerm
                {
                    MatchFields = [new V1NodeSelectorRequirement { Key = "metadata.name", OperatorProperty = "In", Values = [nodeName] }],
                },
            ],
        };
    }

    private static bool MatchesNodeSelector(IDictionary<string, string>? selector, V1Node node) =>
        selector is null || selector.All(s => node.Metadata.Labels?.TryGetValue(s.Key, out var v) == true && v == s.Value);

    private static bool MatchesRequiredAffinity(V1NodeAffinity? affinity, V1Node node)
    {
        var terms = affinity?.RequiredDuringSchedulingIgnoredDuringExecution?.NodeSelectorTerms;
        return terms is null || terms.Count == 0 || terms.Any(term => MatchesTerm(term, node));
    }

    /// <summary>A term with no requirements matches nothing; all of its requirements must hold.</summary>
    private static bool MatchesTerm(V1NodeSelectorTerm term, V1Node node)
    {
        var expressions = term.MatchExpressions ?? [];
        var fields = term.MatchFields ?? [];
        if (expressions.Count == 0 && fields.Count == 0)
        {
            return false;
        }

        var labels = node.Metadata.Labels ?? new Dictionary<string, string>();
        var fieldValues = new Dictionary<string, string> { ["metadata.name"] = node.Metadata.Name };
        return expressions.All(r => Holds(r, labels)) && fields.All(r => Holds(r, fieldValues));
    }

    private static bool Holds(V1NodeSelectorRequirement requirement, IDictionary<string, string> values)
    {
        var present = values.TryGetValue(requirement.Key, out var value);
        var wanted = requirement.Values ?? [];
        return requirement.OperatorProperty switch
        {
            "In" => present && wanted.Contains(value!),
            "NotIn" => !present || !wanted.Contains(value!),
            "Exists" => present,
            "DoesNotExist" => !present,
            "Gt" => present && Compare(value!, wanted) is > 0,
            "Lt" => present && Compare(value!, wanted) is < 0,
            _ => false,
        };
    }

    private static int? Compare(string value, IList<string> wanted) =>
        wanted.Count == 1 && long.TryParse(value, CultureInfo.InvariantCulture, out var actual) && long.TryParse(wanted[0], CultureInfo.InvariantCulture, out var bound)
            ? actual.CompareTo(bound)
            : null;

    /// <summary><c>ToleratesTaint</c>: an empty effect tolerates every effect, Exists with an empty key every taint.</summary>
    private static bool Tolerates(V1Toleration toleration, V1Taint taint)
    {
        if (!string.IsNullOrEmpty(toleration.Effect) && toleration.Effect != taint.Effect)
        {
            return false;
        }

        if (!string.IsNullOrEmpty(toleration.Key) && toleration.Key != taint.Key)
        {
            return false;
        }

        return (toleration.OperatorProperty ?? "Equal") switch
        {
            "Exists" => true,
            "Equal" => !string.IsNullOrEmpty(toleration.Key) && (toleration.Value ?? "") == (taint.Value ?? ""),
            _ => false,
        };
    }
}
