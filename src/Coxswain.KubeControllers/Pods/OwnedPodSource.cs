using Coxswain.Runtime.Cache;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Controllers;
using Coxswain.Runtime.Expectations;
using Coxswain.Runtime.Informers;
using Coxswain.Runtime.Relations;
using k8s;
using k8s.Models;

namespace Coxswain.KubeControllers.Pods;

/// <summary>
/// The pod event handlers of the ReplicaSet and DaemonSet controllers (<c>addPod</c>/<c>updatePod</c>/<c>deletePod</c>):
/// a pod's controller of kind <paramref name="ownerKind"/> is queued, after its expectations saw the creation or
/// deletion. A pod that gets a <c>deletionTimestamp</c> counts as deleted at once (graceful deletion can take long).
/// Orphans are offered to every owner whose selector matches, so they can be adopted.
/// </summary>
internal static class OwnedPodSource
{
    public static InformerSource<V1Pod> Create<TOwner>(
        SharedInformerFactory informers, ApiResource ownerKind, UidTrackingControllerExpectations expectations,
        Func<V1Pod, IEnumerable<TOwner>> orphanOwners)
        where TOwner : class, IKubernetesObject<V1ObjectMeta>
    {
        return new InformerSource<V1Pod>(informers.Get<V1Pod>(), Map, observe: Observe);

        IEnumerable<ReconcileRequest> Map(V1Pod pod) =>
            ControllerKey(pod) is { } key
                ? [new ReconcileRequest(pod.Metadata.NamespaceProperty, key.Name)]
                : OwnerReferences.GetControllerOf(pod) is null && pod.Metadata.DeletionTimestamp is null
                    ? orphanOwners(pod).Select(o => ReconcileRequest.For(o, "orphan pod"))
                    : [];

        void Observe(ObjectChange<V1Pod> change)
        {
            if (ControllerKey(change.Object) is not { } owner)
            {
                return;
            }

            var podKey = $"{change.Object.Metadata.NamespaceProperty}/{change.Object.Metadata.Name}";
            switch (change.Type)
            {
                case ObjectChangeType.Added when change.Object.Metadata.DeletionTimestamp is not null:
                case ObjectChangeType.Deleted:
                case ObjectChangeType.Updated when change.Object.Metadata.DeletionTimestamp is not null:
                    expectations.DeletionObserved(owner.Key, podKey);
                    break;
                case ObjectChangeType.Added:
                    expectations.CreationObserved(owner.Key);
                    break;
            }
        }

        (string Key, string Name)? ControllerKey(V1Pod pod) =>
            OwnerReferences.GetControllerOf(pod) is { } reference && reference.Kind == ownerKind.Kind && ownerKind.IsInGroupOf(reference.ApiVersion)
                ? ($"{pod.Metadata.NamespaceProperty}/{reference.Name}", reference.Name)
                : null;
    }
}
