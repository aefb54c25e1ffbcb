using Coxswain.Apis.Apps;
using Coxswain.Apis.Apps.Models;
using Coxswain.Apis.Apps.Pub;
using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.Runtime.Relations;
using Coxswain.Workloads.InPlaceUpdate;
using k8s.Models;

namespace Coxswain.Workloads.CloneSets;

/// <summary>The pods and PVCs a CloneSet creates, named and labelled as OpenKruise names and labels them.</summary>
public static class CloneSetPods
{
    public static string PodName(CloneSet cloneSet, string instanceId) => $"{cloneSet.Metadata.Name}-{instanceId}";

    public static string ClaimName(string claimTemplateName, CloneSet cloneSet, string instanceId) =>
        $"{claimTemplateName}-{cloneSet.Metadata.Name}-{instanceId}";

    /// <summary>
    /// A pod of <paramref name="cloneSetAtRevision"/>'s template (the CloneSet with the template of the revision the
    /// pod starts at): owned by the CloneSet, in lifecycle state PreparingNormal, with the InPlaceUpdateReady gate and a
    /// PVC volume per claim template.
    /// </summary>
    public static V1Pod New(CloneSet owner, CloneSet cloneSetAtRevision, string revisionName, string instanceId, DateTime now)
    {
        var template = ModelJson.DeepCopy(cloneSetAtRevision.Spec.Template);
        var labels = new Dictionary<string, string>(template.Metadata?.Labels ?? new Dictionary<string, string>());
        foreach (var (key, value) in CloneSetRevisionLabels.For(revisionName)) labels[key] = value;
        labels[KruiseLabels.CloneSetInstanceId] = instanceId;
        labels[KruiseLabels.LifecycleState] = LifecycleStates.PreparingNormal;
        var annotations = new Dictionary<string, string>(template.Metadata?.Annotations ?? new Dictionary<string, string>())
        {
            [KruiseAnnotations.LifecycleTimestamp] = now.ToString("yyyy-MM-ddTHH:mm:ssZ", System.Globalization.CultureInfo.InvariantCulture),
        };

        var spec = template.Spec ?? new V1PodSpec();
        InPlaceUpdateReadiness.InjectReadinessGate(spec);
        foreach (var claim in owner.Spec.VolumeClaimTemplates ?? [])
        {
            spec.Volumes ??= [];
            var name = claim.Metadata.Name;
            var existing = spec.Volumes.FirstOrDefault(v => v.Name == name);
            if (existing is not null) spec.Volumes.Remove(existing);
            spec.Volumes.Add(new V1Volume
            {
                Name = name,
                PersistentVolumeClaim = new V1PersistentVolumeClaimVolumeSource { ClaimName = ClaimName(name, owner, instanceId) },
            });
        }

        var pod = new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                Name = PodName(owner, instanceId),
                NamespaceProperty = owner.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = annotations,
                Finalizers = template.Metadata?.Finalizers,
            },
            Spec = spec,
        };
        OwnerReferences.SetControllerReference(owner, pod);
        return pod;
    }

    /// <summary>The PVCs of one instance: each claim template named after it, labelled with the selector and the instance id.</summary>
    public static IEnumerable<V1PersistentVolumeClaim> NewClaims(CloneSet owner, string instanceId)
    {
        foreach (var template in owner.Spec.VolumeClaimTemplates ?? [])
        {
            var claim = ModelJson.DeepCopy(template);
            claim.ApiVersion = "v1";
            claim.Kind = "PersistentVolumeClaim";
            claim.Status = null;
            var labels = new Dictionary<string, string>(owner.Spec.Selector?.MatchLabels ?? new Dictionary<string, string>())
            {
                [KruiseLabels.CloneSetInstanceId] = instanceId,
            };
            claim.Metadata = new V1ObjectMeta
            {
                Name = ClaimName(template.Metadata.Name, owner, instanceId),
                NamespaceProperty = owner.Metadata.NamespaceProperty,
                Labels = labels,
                Annotations = template.Metadata.Annotations,
            };
            OwnerReferences.SetControllerReference(owner, claim);
            yield return claim;
        }
    }

    /// <summary>Whether the pod is marked for deletion by <c>podsToDelete</c> or the <c>apps.kruise.io/specified-delete</c> label.</summary>
    public static bool IsSpecifiedDelete(CloneSet cloneSet, V1Pod pod) =>
        pod.Metadata.Labels?.ContainsKey(KruiseLabels.SpecifiedDelete) == true
        || cloneSet.Spec.ScaleStrategy.PodsToDelete?.Contains(pod.Metadata.Name) == true;

    public static string? LifecycleState(V1Pod pod) => pod.Label(KruiseLabels.LifecycleState);
}
