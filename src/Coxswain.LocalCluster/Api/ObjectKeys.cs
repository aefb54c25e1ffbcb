namespace Coxswain.LocalCluster.Api;

/// <summary>
/// Store keys: <c>{bucket}/{namespace}/{name}</c> for namespaced objects, <c>{bucket}/{name}</c> otherwise.
/// The first segment is the store bucket, so one resource's objects are listed without touching any other's.
/// Keying by the storage bucket (not version) means every version of a resource shares one copy, as etcd keys do;
/// events.k8s.io Events share core Events' bucket.
/// </summary>
public static class ObjectKeys
{
    public static string For(ResourceDefinition r, string? ns, string name) =>
        r.Namespaced ? $"{r.Bucket}/{ns}/{name}" : $"{r.Bucket}/{name}";

    /// <summary>The key prefix of a list: the whole resource, or one namespace of it.</summary>
    public static string Prefix(ResourceDefinition r, string? ns) =>
        r.Namespaced && !string.IsNullOrEmpty(ns) ? $"{r.Bucket}/{ns}/" : $"{r.Bucket}/";
}
