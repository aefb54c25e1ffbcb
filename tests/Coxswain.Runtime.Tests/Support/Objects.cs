using k8s.Models;

namespace Coxswain.Runtime.Tests.Support;

/// <summary>Builders for the typed objects tests feed to pure functions and stores.</summary>
internal static class Objects
{
    public static V1ConfigMap ConfigMap(string name, string? @namespace = "default", string resourceVersion = "1", string? uid = null) => new()
    {
        ApiVersion = "v1",
        Kind = "ConfigMap",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = @namespace,
            ResourceVersion = resourceVersion,
            Uid = uid ?? $"uid-{@namespace}-{name}",
        },
    };

    public static V1Deployment Deployment(string name, long generation = 1, string resourceVersion = "1") => new()
    {
        ApiVersion = "apps/v1",
        Kind = "Deployment",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = "default",
            Generation = generation,
            ResourceVersion = resourceVersion,
            Uid = $"uid-{name}",
        },
    };

    public static V1Pod Pod(string name, string @namespace = "default", string resourceVersion = "1", params V1OwnerReference[] owners) => new()
    {
        ApiVersion = "v1",
        Kind = "Pod",
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = @namespace,
            ResourceVersion = resourceVersion,
            Uid = $"uid-{@namespace}-{name}",
            OwnerReferences = owners.Length == 0 ? null : [.. owners],
        },
    };

    public static V1OwnerReference Owner(string apiVersion, string kind, string name, bool controller = true) => new()
    {
        ApiVersion = apiVersion,
        Kind = kind,
        Name = name,
        Uid = $"uid-{name}",
        Controller = controller,
    };

    /// <summary>A deep copy through JSON, so tests can mutate a "new" version without touching the old one.</summary>
    public static T Copy<T>(T obj) => k8s.KubernetesJson.Deserialize<T>(k8s.KubernetesJson.Serialize(obj!));
}
