using Coxswain.LocalCluster.Api;
using Microsoft.AspNetCore.Http;

namespace Coxswain.LocalCluster.Http;

/// <summary>The query parameters of a resource request, parsed and checked the way kube-apiserver checks them.</summary>
public sealed record RequestQuery
{
    public bool Watch { get; init; }
    public string? ResourceVersion { get; init; }
    public string? ResourceVersionMatch { get; init; }
    public int Limit { get; init; }
    public string? Continue { get; init; }
    public string? LabelSelector { get; init; }
    public string? FieldSelector { get; init; }
    public int? TimeoutSeconds { get; init; }
    public bool AllowWatchBookmarks { get; init; }
    public bool? SendInitialEvents { get; init; }
    public bool DryRun { get; init; }
    public string FieldValidation { get; init; } = "Warn";
    public string? FieldManager { get; init; }
    /// <summary>Null when absent: kube-apiserver rejects <c>force</c> on non-apply patches even when false.</summary>
    public bool? Force { get; init; }
    public long? GracePeriodSeconds { get; init; }
    public string? PropagationPolicy { get; init; }
    public string? IncludeObject { get; init; }

    public static RequestQuery From(IQueryCollection q, bool legacyWatch)
    {
        string? S(string k) => q.TryGetValue(k, out var v) && v.Count > 0 ? v[^1] : null;
        bool B(string k) => S(k) is { } v && (v == "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase));

        var query = new RequestQuery
        {
            Watch = legacyWatch || B("watch"),
            ResourceVersion = S("resourceVersion"),
            ResourceVersionMatch = S("resourceVersionMatch"),
            Limit = ParseInt(S("limit"), "limit") ?? 0,
            Continue = NullIfEmpty(S("continue")),
            LabelSelector = NullIfEmpty(S("labelSelector")),
            FieldSelector = NullIfEmpty(S("fieldSelector")),
            TimeoutSeconds = ParseInt(S("timeoutSeconds"), "timeoutSeconds"),
            AllowWatchBookmarks = B("allowWatchBookmarks"),
            SendInitialEvents = S("sendInitialEvents") is { } sie ? B("sendInitialEvents") : null,
            DryRun = q.TryGetValue("dryRun", out var dr) && dr.Count > 0,
            FieldValidation = S("fieldValidation") is { Length: > 0 } fv ? fv : "Warn",
            FieldManager = NullIfEmpty(S("fieldManager")),
            Force = S("force") is null ? null : B("force"),
            GracePeriodSeconds = ParseInt(S("gracePeriodSeconds"), "gracePeriodSeconds"),
            PropagationPolicy = NullIfEmpty(S("propagationPolicy")),
            IncludeObject = NullIfEmpty(S("includeObject")),
        };
        if (q.TryGetValue("dryRun", out var dryRun) && dryRun.Any(v => v != "All"))
            throw StatusError.BadRequest($"dryRun: Unsupported value: \"{dryRun.First(v => v != "All")}\": supported values: \"All\"");
        if (query.FieldValidation is not ("Ignore" or "Warn" or "Strict"))
            throw StatusError.BadRequest($"Invalid fieldValidation: {query.FieldValidation}");
        return query;
    }

    static string? NullIfEmpty(string? s) => string.IsNullOrEmpty(s) ? null : s;

    static int? ParseInt(string? s, string name)
    {
        if (string.IsNullOrEmpty(s)) return null;
        return int.TryParse(s, out var v) ? v : throw StatusError.BadRequest($"invalid value for {name}: \"{s}\"");
    }
}
