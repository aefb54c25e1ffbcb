using Coxswain.Apis.Apps;
using Coxswain.Apis.Apps.Pub;
using k8s;
using k8s.Models;

namespace Coxswain.Workloads.InPlaceUpdate;

/// <summary>
/// Reads the in-place update annotations of a pod, under their current keys or the pre-v1.0 ones OpenKruise still reads.
/// </summary>
public static class InPlaceUpdateAnnotations
{
    public static InPlaceUpdateState? StateOf(V1Pod pod) =>
        Read<InPlaceUpdateState>(pod, KruiseAnnotations.InPlaceUpdateState, KruiseAnnotations.InPlaceUpdateStateLegacy);

    public static InPlaceUpdateSpec? GraceOf(V1Pod pod) =>
        Read<InPlaceUpdateSpec>(pod, KruiseAnnotations.InPlaceUpdateGrace, KruiseAnnotations.InPlaceUpdateGraceLegacy);

    public static bool HasGrace(V1Pod pod) =>
        pod.Metadata.Annotations?.ContainsKey(KruiseAnnotations.InPlaceUpdateGrace) == true
        || pod.Metadata.Annotations?.ContainsKey(KruiseAnnotations.InPlaceUpdateGraceLegacy) == true;

    static T? Read<T>(V1Pod pod, string key, string legacyKey) where T : class
    {
        var annotations = pod.Metadata.Annotations;
        if (annotations is null) return null;
        if (!annotations.TryGetValue(key, out var json) && !annotations.TryGetValue(legacyKey, out json)) return null;
        try
        {
            return KubernetesJson.Deserialize<T>(json);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }
}
