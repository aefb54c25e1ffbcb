using System.Text.RegularExpressions;
using Coxswain.Apis.Apps.Pub;
using Coxswain.LocalCluster.Selectors;
using Coxswain.Apis.Apps.Models;
using Coxswain.Runtime.Workloads;
using k8s.Models;

namespace Coxswain.Workloads.CloneSets;

/// <summary>
/// The order pods are updated in (OpenKruise's SortUpdateIndexes): kube-controller-manager's ActivePods order (not
/// ready, unscheduled and pending pods first), then <c>priorityStrategy</c>, then <c>scatterStrategy</c>, stably.
/// </summary>
public static partial class UpdateOrder
{
    public static List<V1Pod> Sort(IEnumerable<V1Pod> pods, UpdatePriorityStrategy? priority, IList<UpdateScatterTerm>? scatter)
    {
        var sorted = pods.Order(new ActivePodsWithRanks()).ToList();
        if (priority is not null) sorted = ByPriority(sorted, priority);
        if (scatter is { Count: > 0 }) sorted = Scatter(sorted, scatter);
        return sorted;
    }

    /// <summary>Higher weight sum first; or, by order terms, pods with the first key first, larger numbers in its value first.</summary>
    static List<V1Pod> ByPriority(List<V1Pod> pods, UpdatePriorityStrategy priority)
    {
        if (priority.WeightPriority is { Count: > 0 } weights)
        {
            var selectors = weights.Select(w => (w.Weight, Selector: LabelSelector.FromLabelSelectorJson(ModelJson.ToJsonObject(w.MatchSelector)))).ToList();
            int Weight(V1Pod pod)
            {
                var labels = (IReadOnlyDictionary<string, string>?)(pod.Metadata.Labels as Dictionary<string, string>) ?? pod.Metadata.Labels?.ToDictionary();
                return selectors.Where(s => s.Selector.Matches(labels)).Sum(s => s.Weight);
            }
            return pods.OrderByDescending(Weight).ToList();
        }
        if (priority.OrderPriority is { Count: > 0 } terms)
        {
            (int Term, long Value) Key(V1Pod pod)
            {
                for (var i = 0; i < terms.Count; i++)
                    if (pod.Label(terms[i].OrderedKey) is { } value) return (i, LastInteger(value));
                return (terms.Count, 0);
            }
            return pods.OrderBy(p => Key(p).Term).ThenByDescending(p => Key(p).Value).ToList();
        }
        return pods;
    }

    /// <summary>Spreads the pods of each scatter term evenly over the order, the term with most pods first.</summary>
    static List<V1Pod> Scatter(List<V1Pod> pods, IList<UpdateScatterTerm> terms)
    {
        bool Matches(V1Pod pod, UpdateScatterTerm term) => pod.Label(term.Key) == term.Value;
        foreach (var term in terms.OrderByDescending(t => pods.Count(p => Matches(p, t))))
        {
            var matched = pods.Where(p => Matches(p, term)).ToList();
            var others = new Queue<V1Pod>(pods.Where(p => !Matches(p, term)));
            if (matched.Count <= 1 || others.Count == 0) continue;
            var slots = new V1Pod?[pods.Count];
            for (var k = 0; k < matched.Count; k++)
                slots[(int)((k + 0.5) * pods.Count / matched.Count)] = matched[k];
            for (var i = 0; i < slots.Length; i++) slots[i] ??= others.Dequeue();
            pods = slots.Select(p => p!).ToList();
        }
        return pods;
    }

    /// <summary>The last integer in a label value: 10 in 'sts-10'; 0 when there is none.</summary>
    static long LastInteger(string value) =>
        LastNumber().Match(value) is { Success: true } m && long.TryParse(m.Value, out var n) ? n : 0;

    [GeneratedRegex(@"\d+(?!.*\d)")]
    private static partial Regex LastNumber();
}
