using System.Globalization;
using k8s.Models;

namespace Coxswain.KubeControllers.Deployments;

/// <summary>
/// The annotations the Deployment controller keeps on its ReplicaSets (and the revision on the Deployment itself),
/// from <c>k8s.io/kubernetes/pkg/controller/deployment/util</c>.
/// </summary>
internal static class DeploymentAnnotations
{
    public const string Revision = "deployment.kubernetes.io/revision";
    public const string RevisionHistory = "deployment.kubernetes.io/revision-history";
    public const string DesiredReplicas = "deployment.kubernetes.io/desired-replicas";
    public const string MaxReplicas = "deployment.kubernetes.io/max-replicas";

    /// <summary>Upstream's <c>--deployment-controller-max-revision-history-length</c> in characters.</summary>
    public const int MaxRevisionHistoryLength = 2000;

    /// <summary>Annotations of the Deployment that are not copied onto its ReplicaSets (<c>skipCopyAnnotation</c>).</summary>
    private static readonly HashSet<string> NotCopied =
    [
        "kubectl.kubernetes.io/last-applied-configuration", Revision, RevisionHistory, DesiredReplicas, MaxReplicas,
        "deprecated.deployment.rollback.to",
    ];

    public static long RevisionOf(V1ObjectMeta meta) =>
        meta.Annotations?.TryGetValue(Revision, out var text) == true && long.TryParse(text, CultureInfo.InvariantCulture, out var revision)
            ? revision
            : 0;

    public static long MaxRevision(IEnumerable<V1ReplicaSet> replicaSets) =>
        replicaSets.Select(rs => RevisionOf(rs.Metadata)).DefaultIfEmpty(0).Max();

    public static int? ReadInt(V1ReplicaSet rs, string annotation) =>
        rs.Metadata.Annotations?.TryGetValue(annotation, out var text) == true && int.TryParse(text, CultureInfo.InvariantCulture, out var value)
            ? value
            : null;

    /// <summary>
    /// <c>SetNewReplicaSetAnnotations</c>: copies the Deployment's annotations, raises the revision (keeping the
    /// superseded numbers in <c>revision-history</c> when an old ReplicaSet comes back, i.e. a rollback), and on a
    /// ReplicaSet about to be created sets desired/max replicas. Returns whether anything changed.
    /// </summary>
    public static bool SetNewReplicaSetAnnotations(V1Deployment d, V1ReplicaSet rs, long newRevision, bool exists, int maxSurge)
    {
        rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var annotations = rs.Metadata.Annotations;
        var changed = CopyDeploymentAnnotations(d, rs);
        var hadRevision = annotations.TryGetValue(Revision, out var oldText);
        var oldRevision = RevisionOf(rs.Metadata);
        if (hadRevision && !long.TryParse(oldText, CultureInfo.InvariantCulture, out _) && !string.IsNullOrEmpty(oldText))
        {
            return false;
        }

        if (oldRevision < newRevision)
        {
            annotations[Revision] = newRevision.ToString(CultureInfo.InvariantCulture);
            changed = true;
            if (hadRevision)
            {
                var history = annotations.TryGetValue(RevisionHistory, out var h) ? h : "";
                var revisions = history.Length == 0 ? new List<string>() : history.Split(',').ToList();
                revisions.Add(oldText!);
                while (revisions.Count > 1 && string.Join(",", revisions).Length > MaxRevisionHistoryLength)
                {
                    revisions.RemoveAt(0);
                }

                annotations[RevisionHistory] = string.Join(",", revisions);
            }
        }

        if (!exists && SetReplicasAnnotations(rs, d.Spec.Replicas ?? 1, (d.Spec.Replicas ?? 1) + maxSurge))
        {
            changed = true;
        }

        return changed;
    }

    /// <summary><c>SetReplicasAnnotations</c>: desired and max replicas as the proportional scaler reads them later.</summary>
    public static bool SetReplicasAnnotations(V1ReplicaSet rs, int desired, int max)
    {
        rs.Metadata.Annotations ??= new Dictionary<string, string>();
        var changed = false;
        foreach (var (name, value) in new[] { (DesiredReplicas, desired), (MaxReplicas, max) })
        {
            var text = value.ToString(CultureInfo.InvariantCulture);
            if (!rs.Metadata.Annotations.TryGetValue(name, out var current) || current != text)
            {
                rs.Metadata.Annotations[name] = text;
                changed = true;
            }
        }

        return changed;
    }

    public static bool ReplicasAnnotationsNeedUpdate(V1ReplicaSet rs, int desired, int max) =>
        ReadInt(rs, DesiredReplicas) != desired || ReadInt(rs, MaxReplicas) != max;

    /// <summary><c>SetDeploymentRevision</c>.</summary>
    public static bool SetDeploymentRevision(V1Deployment d, string revision)
    {
        d.Metadata.Annotations ??= new Dictionary<string, string>();
        if (d.Metadata.Annotations.TryGetValue(Revision, out var current) && current == revision)
        {
            return false;
        }

        d.Metadata.Annotations[Revision] = revision;
        return true;
    }

    private static bool CopyDeploymentAnnotations(V1Deployment d, V1ReplicaSet rs)
    {
        var changed = false;
        foreach (var (key, value) in d.Metadata.Annotations ?? new Dictionary<string, string>())
        {
            if (NotCopied.Contains(key) || (rs.Metadata.Annotations!.TryGetValue(key, out var existing) && existing == value))
            {
                continue;
            }

            rs.Metadata.Annotations![key] = value;
            changed = true;
        }

        return changed;
    }
}
