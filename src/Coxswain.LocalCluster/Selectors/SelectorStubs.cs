// TEMPORARY STUB: deleted when the selectors branch is merged (it provides the real parsers).
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
namespace Coxswain.LocalCluster.Selectors;
public sealed class LabelSelector
{
    readonly List<(string K, string V, bool Eq)> reqs = new();
    public static LabelSelector Parse(string s)
    {
        var sel = new LabelSelector();
        foreach (var part in s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var ne = part.IndexOf("!=", StringComparison.Ordinal);
            if (ne > 0) { sel.reqs.Add((part[..ne], part[(ne + 2)..], false)); continue; }
            var eq = part.Split('=', 2);
            sel.reqs.Add((eq[0], eq.Length > 1 ? eq[1].TrimStart('=') : "", true));
        }
        return sel;
    }
    public bool Matches(IReadOnlyDictionary<string, string>? labels) =>
        reqs.All(r => (labels is not null && labels.TryGetValue(r.K, out var v) && v == r.V) == r.Eq);
}
public sealed class FieldSelector
{
    readonly List<(string K, string V, bool Eq)> reqs = new();
    public static FieldSelector Parse(string s)
    {
        var sel = new FieldSelector();
        foreach (var part in s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var ne = part.IndexOf("!=", StringComparison.Ordinal);
            if (ne > 0) { sel.reqs.Add((part[..ne], part[(ne + 2)..], false)); continue; }
            var eq = part.Split('=', 2);
            sel.reqs.Add((eq[0], eq.Length > 1 ? eq[1].TrimStart('=') : "", true));
        }
        return sel;
    }
    public IEnumerable<string> Fields => reqs.Select(r => r.K);
    public bool Matches(Func<string, string?> lookup) => reqs.All(r => (lookup(r.K) == r.V) == r.Eq);
}
public static class SelectableFields
{
    public static IReadOnlyDictionary<string, string> Extract(ResourceDefinition r, JsonObject obj)
    {
        var d = new Dictionary<string, string>
        {
            ["metadata.name"] = (string?)obj["metadata"]?["name"] ?? "",
            ["metadata.namespace"] = (string?)obj["metadata"]?["namespace"] ?? "",
        };
        if (r.Plural == "namespaces") d["status.phase"] = (string?)obj["status"]?["phase"] ?? "";
        if (r.Plural == "pods") { d["spec.nodeName"] = (string?)obj["spec"]?["nodeName"] ?? ""; d["status.phase"] = (string?)obj["status"]?["phase"] ?? ""; }
        return d;
    }
    public static void Validate(ResourceDefinition r, FieldSelector s) { }
}
