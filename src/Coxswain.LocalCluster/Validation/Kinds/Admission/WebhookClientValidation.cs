using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;

namespace Coxswain.LocalCluster.Validation.Kinds.Admission;

/// <summary>Webhook client configs (k8s.io/apiserver/pkg/util/webhook/validation.go).</summary>
public static class WebhookClientValidation
{
    const string Form = "; desired format: https://host[/path]";

    public static IEnumerable<FieldError> ValidateUrl(FieldPath path, string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            // Go's url.Parse accepts nearly anything; what it yields for a non-URL is an empty scheme and host.
            yield return FieldError.Invalid(path, "", "'https' is the only allowed URL scheme" + Form);
            yield return FieldError.Invalid(path, "", "host must be provided" + Form);
            yield break;
        }
        if (uri.Scheme != "https") yield return FieldError.Invalid(path, uri.Scheme, "'https' is the only allowed URL scheme" + Form);
        if (uri.Authority.Length == 0) yield return FieldError.Invalid(path, "", "host must be provided" + Form);
        if (uri.UserInfo.Length > 0) yield return FieldError.Invalid(path, uri.UserInfo, "user information is not permitted in the URL");
        if (uri.Fragment.Length > 1) yield return FieldError.Invalid(path, uri.Fragment[1..], "fragments are not permitted in the URL");
        if (uri.Query.Length > 1) yield return FieldError.Invalid(path, uri.Query[1..], "query parameters are not permitted in the URL");
    }

    /// <summary>
    /// Upstream passes the service name and namespace to this check in swapped order, so a missing name is reported as
    /// "namespace: service namespace is required" and vice versa. Reproduced as is.
    /// </summary>
    public static IEnumerable<FieldError> ValidateService(FieldPath path, JsonObject service)
    {
        if (service.StrOrEmpty("namespace").Length == 0) yield return FieldError.Required(path.Child("name"), "service name is required");
        if (service.StrOrEmpty("name").Length == 0) yield return FieldError.Required(path.Child("namespace"), "service namespace is required");
        var port = service.Long("port") ?? 0;
        var portErrors = ValueFormats.IsValidPortNum(port);
        if (portErrors.Count > 0) yield return FieldError.Invalid(path.Child("port"), port, "port is not valid: " + string.Join(", ", portErrors));

        if (service.Str("path") is not { } urlPath || urlPath is "" or "/") yield break;
        if (urlPath == "//")
        {
            yield return FieldError.Invalid(path.Child("path"), urlPath, "segment[0] may not be empty");
            yield break;
        }
        if (!urlPath.StartsWith('/')) yield return FieldError.Invalid(path.Child("path"), urlPath, "must start with a '/'");
        var toCheck = urlPath[1..];
        if (toCheck.EndsWith('/')) toCheck = toCheck[..^1];
        var steps = toCheck.Split('/');
        for (var i = 0; i < steps.Length; i++)
        {
            if (steps[i].Length == 0)
            {
                yield return FieldError.Invalid(path.Child("path"), urlPath, $"segment[{i}] may not be empty");
                continue;
            }
            foreach (var m in DnsNames.IsDns1123Subdomain(steps[i])) yield return FieldError.Invalid(path.Child("path"), urlPath, $"segment[{i}]: {m}");
        }
    }
}
