using System.Globalization;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Scheduling;

/// <summary>
/// Node selector terms (component-helpers nodeaffinity): the terms are ORed, the requirements of a term ANDed, and a term
/// without requirements matches no node. <c>matchFields</c> can only name <c>metadata.name</c>.
/// </summary>
public static class NodeSelectorTerms
{
    public static bool AnyMatches(JsonArray? terms, IReadOnlyDictionary<string, string> labels, string nodeName) =>
        terms.Objects().Any(t => Matches(t.Item, labels, nodeName));

    public static bool Matches(JsonObject term, IReadOnlyDictionary<string, string> labels, string nodeName)
    {
        var expressions = term.Arr("matchExpressions").Objects().Select(e => e.Item).ToList();
        var fields = term.Arr("matchFields").Objects().Select(e => e.Item).ToList();
        if (expressions.Count == 0 && fields.Count == 0) return false;
        return expressions.All(e => RequirementMatches(e, labels.TryGetValue(e.StrOrEmpty("key"), out var v) ? v : null)) &&
               fields.All(f => f.StrOrEmpty("key") == "metadata.name" && RequirementMatches(f, nodeName));
    }

    static bool RequirementMatches(JsonObject requirement, string? value)
    {
        var values = requirement.Arr("values").Strings().Select(v => v.Value).ToList();
        switch (requirement.StrOrEmpty("operator"))
        {
            case "In": return value is not null && values.Contains(value);
            case "NotIn": return value is null || !values.Contains(value);
            case "Exists": return value is not null;
            case "DoesNotExist": return value is null;
            case "Gt": return CompareAsIntegers(value, values) is > 0;
            case "Lt": return CompareAsIntegers(value, values) is < 0;
            default: return false;
        }
    }

    /// <summary>Gt and Lt compare a label and the single value as integers; anything unparsable does not match.</summary>
    static int? CompareAsIntegers(string? value, List<string> values) =>
        value is not null && values.Count == 1 &&
        long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var left) &&
        long.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var right)
            ? left.CompareTo(right)
            : null;
}
