using k8s;

namespace Coxswain.KubeControllers;

/// <summary>Objects from the informer caches are shared: a sync that edits one works on a deep copy (client-go's <c>DeepCopy</c>).</summary>
internal static class DeepCopy
{
    public static T Of<T>(T obj) => KubernetesJson.Deserialize<T>(KubernetesJson.Serialize(obj));
}
