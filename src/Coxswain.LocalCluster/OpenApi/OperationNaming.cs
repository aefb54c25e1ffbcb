namespace Coxswain.LocalCluster.OpenApi;

/// <summary>How kube-apiserver names paths, operation ids and tags for an API group version.</summary>
public static class OperationNaming
{
    /// <summary>"/api/v1" for the core group, "/apis/apps/v1" otherwise.</summary>
    public static string PathPrefix(string group, string version) => group.Length == 0 ? $"/api/{version}" : $"/apis/{group}/{version}";

    /// <summary>The OpenAPI v3 document key of a group version: "api/v1", "apis/apps/v1".</summary>
    public static string DocumentKey(string group, string version) => PathPrefix(group, version)[1..];

    /// <summary>
    /// The group's word in operation ids: "Core", "Apps", "RbacAuthorization" (rbac.authorization.k8s.io),
    /// "AppsKruiseIo" (apps.kruise.io) — the ".k8s.io" suffix is dropped and the remaining labels capitalised.
    /// </summary>
    public static string GroupToken(string group)
    {
        if (group.Length == 0) return "Core";
        var trimmed = group.EndsWith(".k8s.io", StringComparison.Ordinal) ? group[..^".k8s.io".Length] : group;
        return string.Concat(trimmed.Split('.', '-').Select(Capitalize));
    }

    /// <summary>"CoreV1", "AppsV1", "EventsV1beta1".</summary>
    public static string GroupVersionToken(string group, string version) => GroupToken(group) + Capitalize(version);

    /// <summary>The operation tag: "core_v1", "rbacAuthorization_v1".</summary>
    public static string Tag(string group, string version) => $"{GroupTag(group)}_{version}";

    /// <summary>The tag of group-level operations: "core", "apps", "rbacAuthorization".</summary>
    public static string GroupTag(string group)
    {
        var token = GroupToken(group);
        return char.ToLowerInvariant(token[0]) + token[1..];
    }

    static string Capitalize(string word) => word.Length == 0 ? word : char.ToUpperInvariant(word[0]) + word[1..];
}
