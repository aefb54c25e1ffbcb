using Coxswain.Apis.Apps;
using k8s.Models;

namespace Coxswain.Workloads.CloneSets;

/// <summary>How a CloneSet pod names its revision: the full revision name, or only its hash (CloneSetShortHash).</summary>
public static class CloneSetRevisionLabels
{
    /// <summary>The hash part of a revision name <c>&lt;cloneset&gt;-&lt;hash&gt;</c>.</summary>
    public static string ShortHash(string revisionName) => revisionName[(revisionName.LastIndexOf('-') + 1)..];

    /// <summary>OpenKruise's EqualToRevisionHash: the pod's label is the full revision name or its short hash.</summary>
    public static bool IsAt(V1Pod pod, string? revisionName)
    {
        if (revisionName is null || pod.Metadata.Labels?.TryGetValue(KruiseLabels.ControllerRevisionHash, out var label) != true) return false;
        return label == revisionName || label == ShortHash(revisionName);
    }

    /// <summary>The labels a pod carries for <paramref name="revisionName"/>.</summary>
    public static Dictionary<string, string> For(string revisionName) => new()
    {
        [KruiseLabels.ControllerRevisionHash] = revisionName,
        [KruiseLabels.PodTemplateHash] = ShortHash(revisionName),
    };
}
