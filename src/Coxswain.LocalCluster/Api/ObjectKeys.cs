namespace Coxswain.LocalCluster.Api;

/// <summary>
/// Store keys: <c>{resource.group}/{namespace}/{name}</c> for namespaced objects, <c>{resource.group}/{name}</c> otherwise.
/// The first segment is the store bucket, so one resource's objects are listed without touching any other's.
/// Keying by group-resource (not version) means every version of a resource shares one copy, as etcd keys do.
/// </summary>
public static class ObjectKeys
{
    public static string For(ResourceDefinition r, string? ns, string name) =>
        r.Namespaced ? $"{r.GroupResource}/{ns}/{name}" : $"{r.GroupResource}/{name}";

    /// <summary>The key prefix of a list: the whole resource, or one namespace of it.</summary>
    public static string Prefix(ResourceDefinition r, string? ns) =>
        r.Namespaced && !string.IsNullOrEmpty(ns) ? $"{r.GroupResource}/{ns}/" : $"{r.GroupResource}/";
}
