using k8s.Models;

namespace Coxswain.Runtime.Relations;

/// <summary>
/// Evaluates a <see cref="V1LabelSelector"/> against labels, as <c>metav1.LabelSelectorAsSelector</c> does: every
/// <c>matchLabels</c> pair and every <c>matchExpressions</c> requirement must hold. A null selector matches nothing and
/// an empty one matches everything — so a workload with no selector never adopts the whole namespace.
/// </summary>
public static class LabelSelectors
{
    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return false;
        }

        labels ??= new Dictionary<string, string>();
        foreach (var (key, value) in selector.MatchLabels ?? new Dictionary<string, string>())
        {
            if (!labels.TryGetValue(key, out var actual) || !string.Equals(actual, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return (selector.MatchExpressions ?? []).All(requirement => Holds(requirement, labels));
    }

    private static bool Holds(V1LabelSelectorRequirement requirement, IDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(requirement.Key, out var value);
        var values = requirement.Values ?? [];
        return requirement.OperatorProperty switch
        {
            "In" => present && values.Contains(value!),
            "NotIn" => !present || !values.Contains(value!),
            "Exists" => present,
            "DoesNotExist" => !present,
            _ => throw new ArgumentException($"\"{requirement.OperatorProperty}\" is not a valid label selector operator", nameof(requirement)),
        };
    }
}
