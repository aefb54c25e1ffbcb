using k8s;
using k8s.Models;

namespace Coxswain.Workloads;

/// <summary>Null-safe reads of an object's labels and annotations (KubernetesClient models hold them as nullable IDictionary).</summary>
internal static class ObjectLabels
{
    public static string? Label(this IKubernetesObject<V1ObjectMeta> obj, string key) =>
        obj.Metadata.Labels is { } labels && labels.TryGetValue(key, out var value) ? value : null;

    public static string? Annotation(this IKubernetesObject<V1ObjectMeta> obj, string key) =>
        obj.Metadata.Annotations is { } annotations && annotations.TryGetValue(key, out var value) ? value : null;
}
