namespace Coxswain.LocalCluster.Http;

/// <summary>
/// A resource request path, as kube-apiserver's RequestInfo resolver splits it:
/// <c>/api/v1/namespaces/{ns}/{resource}/{name}/{subresource}</c> and <c>/apis/{group}/{version}/…</c>,
/// including the deprecated <c>/watch/</c> prefix. Discovery paths (<c>/api</c>, <c>/apis/{group}</c>, …) are not resource
/// requests and parse as <see cref="IsResource"/> = false.
/// </summary>
public sealed record ApiPath(string Group, string Version, string? Namespace, string? Resource, string? Name, string? Subresource, bool LegacyWatch)
{
    public bool IsResource => Resource is not null;

    public static ApiPath? Parse(string path)
    {
        var parts = path.Trim('/').Split('/', StringSplitOptions.RemoveEmptyEntries);
        int i;
        string group, version;
        if (parts.Length >= 2 && parts[0] == "api")
        {
            group = "";
            version = parts[1];
            i = 2;
        }
        else if (parts.Length >= 3 && parts[0] == "apis")
        {
            group = parts[1];
            version = parts[2];
            i = 3;
        }
        else return null;

        var legacyWatch = false;
        if (i < parts.Length && parts[i] == "watch")
        {
            legacyWatch = true;
            i++;
        }
        var rest = parts[i..];
        if (rest.Length == 0) return new ApiPath(group, version, null, null, null, null, legacyWatch);

        // namespaces/{ns}/{resource}/... is namespaced, except the namespace object itself (namespaces/{name}[/status|/finalize]).
        if (rest[0] == "namespaces" && rest.Length >= 3 && rest[2] is not ("status" or "finalize"))
        {
            var ns = rest[1];
            var resource = rest[2];
            return rest.Length switch
            {
                3 => new ApiPath(group, version, ns, resource, null, null, legacyWatch),
                4 => new ApiPath(group, version, ns, resource, rest[3], null, legacyWatch),
                5 => new ApiPath(group, version, ns, resource, rest[3], rest[4], legacyWatch),
                _ => null,
            };
        }
        return rest.Length switch
        {
            1 => new ApiPath(group, version, null, rest[0], null, null, legacyWatch),
            2 => new ApiPath(group, version, null, rest[0], rest[1], null, legacyWatch),
            3 => new ApiPath(group, version, null, rest[0], rest[1], rest[2], legacyWatch),
            _ => null,
        };
    }
}
