using k8s.Models;

namespace Coxswain.Runtime.Relations;

/// <summary>
/// Evaluates a <see cref="V1LabelSelector"/> against labels, as <c>metav1.LabelSelectorAsSelector</c> does: every
/// <c>matchLabels</c> pair and every <c>matchExpressions</c> requirement must hold. A null selector matches nothing and
/// an empty one matches everything — so a workload with no selector never adopts the whole namespace.
/// </summary>
public static class LabelSelectors
{
    private static readonly IDictionary<string, string> NoLabels = new Dictionary<string, string>();

    public static bool Matches(V1LabelSelector? selector, IDictionary<string, string>? labels)
    {
        if (selector is null)
        {
            return false;
        }

        // No LINQ and no allocation: controllers match every candidate child on every reconcile.
        labels ??= NoLabels;
        if (selector.MatchLabels is Dictionary<string, string> matchLabels)
        {
            foreach (var (key, value) in matchLabels)
            {
                if (!HasLabel(labels, key, value))
                {
                    return false;
                }
            }
        }
        else if (selector.MatchLabels is { } otherMatchLabels)
        {
            foreach (var (key, value) in otherMatchLabels)
            {
                if (!HasLabel(labels, key, value))
                {
                    return false;
                }
            }
        }

        if (selector.MatchExpressions is { } requirements)
        {
            for (var i = 0; i < requirements.Count; i++)
            {
                if (!Holds(requirements[i], labels))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool HasLabel(IDictionary<string, string> labels, string key, string value) =>
        labels.TryGetValue(key, out var actual) && string.Equals(actual, value, StringComparison.Ordinal);

    private static bool Holds(V1LabelSelectorRequirement requirement, IDictionary<string, string> labels)
    {
        var present = labels.TryGetValue(requirement.Key, out var value);
        var listed = present && requirement.Values?.Contains(value!) == true;
        return requirement.OperatorProperty switch
        {
            "In" => listed,
            "NotIn" => !listed,
            "Exists" => present,
            "DoesNotExist" => !present,
            _ => throw new ArgumentException($"\"{requirement.OperatorProperty}\" is not a valid label selector operator", nameof(requirement)),
        };
    }
}
