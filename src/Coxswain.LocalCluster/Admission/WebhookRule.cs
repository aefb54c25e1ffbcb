using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Admission;

/// <summary>
/// One <c>rules[]</c> entry of a webhook (admissionregistration RuleWithOperations) and its matcher
/// (apiserver's predicates/rules). <c>*</c> is a wildcard everywhere; in <c>resources</c>, <c>pods</c> matches the main
/// resource only, <c>pods/status</c> one subresource, <c>pods/*</c> and <c>*/*</c> subresources too.
/// </summary>
internal sealed record WebhookRule(
    IReadOnlyList<string> Operations,
    IReadOnlyList<string> ApiGroups,
    IReadOnlyList<string> ApiVersions,
    IReadOnlyList<string> Resources,
    string Scope)
{
    public static WebhookRule Parse(JsonObject rule) => new(
        Strings(rule.Arr("operations")),
        Strings(rule.Arr("apiGroups")),
        Strings(rule.Arr("apiVersions")),
        Strings(rule.Arr("resources")),
        rule.Str("scope") ?? "*");

    static string[] Strings(JsonArray? a) => a.Strings().Select(s => s.Value).ToArray();

    /// <param name="namespaced">Whether the request is namespaced; false for cluster-scoped objects and for Namespace objects.</param>
    public bool Matches(AdmissionOperation operation, string group, string version, string resource, string? subresource, bool namespaced) =>
        ScopeMatches(namespaced) &&
        Operations.Any(o => o == "*" || o == operation.ToWire()) &&
        ApiGroups.Any(g => g == "*" || g == group) &&
        ApiVersions.Any(v => v == "*" || v == version) &&
        ResourceMatches(resource, subresource ?? "");

    bool ScopeMatches(bool namespaced) => Scope switch
    {
        "Namespaced" => namespaced,
        "Cluster" => !namespaced,
        _ => true,
    };

    bool ResourceMatches(string resource, string subresource)
    {
        foreach (var entry in Resources)
        {
            var slash = entry.IndexOf('/');
            var (res, sub) = slash < 0 ? (entry, "") : (entry[..slash], entry[(slash + 1)..]);
            if ((res == "*" || res == resource) && (sub == "*" || sub == subresource)) return true;
        }
        return false;
    }
}
