using Coxswain.Apis.Apps.Models;
using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.Runtime.Workloads;
using k8s.Models;

namespace Coxswain.Workloads.CloneSets;

/// <summary>
/// A CloneSet's ControllerRevisions: each stores the pod template (as a patch replacing <c>spec.template</c>), the
/// newest one matching the spec is the update revision, <c>status.currentRevision</c> the one all pods last reached.
/// </summary>
public static class CloneSetRevisions
{
    /// <summary>The data a revision of <paramref name="cloneSet"/>'s current template stores.</summary>
    public static System.Text.Json.Nodes.JsonObject DataOf(CloneSet cloneSet) => ControllerRevisions.TemplatePatch(cloneSet.Spec.Template);

    /// <summary>A new, not yet stored, revision of the current template, numbered after <paramref name="existing"/>.</summary>
    public static V1ControllerRevision NewRevision(CloneSet cloneSet, IEnumerable<V1ControllerRevision> existing) =>
        ControllerRevisions.New(cloneSet, cloneSet.Spec.Template.Metadata?.Labels, DataOf(cloneSet),
            ControllerRevisions.NextRevision(existing), cloneSet.Status?.CollisionCount ?? 0);

    /// <summary>The stored revision equal to the current template (the newest if several are), or null.</summary>
    public static V1ControllerRevision? FindUpdateRevision(CloneSet cloneSet, IEnumerable<V1ControllerRevision> revisions) =>
        ControllerRevisions.FindEqual(revisions, DataOf(cloneSet)).LastOrDefault();

    /// <summary>The revision named by <c>status.currentRevision</c>, or the update revision for a new CloneSet.</summary>
    public static V1ControllerRevision CurrentRevision(CloneSet cloneSet, IReadOnlyList<V1ControllerRevision> revisions, V1ControllerRevision updateRevision) =>
        revisions.FirstOrDefault(r => r.Metadata.Name == cloneSet.Status?.CurrentRevision) ?? updateRevision;

    /// <summary>The CloneSet as it was at <paramref name="revision"/>: its template replaced by the revision's.</summary>
    public static CloneSet AtRevision(CloneSet cloneSet, V1ControllerRevision revision)
    {
        var copy = ModelJson.DeepCopy(cloneSet);
        if (Coxswain.Workloads.InPlaceUpdate.InPlaceUpdateCalculator.TemplateOf(revision) is { } template)
            copy.Spec.Template = ModelJson.FromJsonObject<V1PodTemplateSpec>(template);
        return copy;
    }
}
