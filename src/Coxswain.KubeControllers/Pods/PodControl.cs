using Coxswain.Runtime.Client;
using Coxswain.Runtime.Events;
using Coxswain.Runtime.Expectations;
using Coxswain.Runtime.Relations;
using k8s;
using k8s.Models;

namespace Coxswain.KubeControllers.Pods;

/// <summary>
/// kube-controller-manager's <c>RealPodControl</c>: creates pods from a workload's template (owned by it, named
/// <c>&lt;owner&gt;-&lt;random&gt;</c>) and deletes pods, announcing each with upstream's events.
/// </summary>
internal sealed class PodControl(ResourceClient<V1Pod> pods, EventRecorder recorder)
{
    public const string SuccessfulCreate = "SuccessfulCreate";
    public const string FailedCreate = "FailedCreate";
    public const string SuccessfulDelete = "SuccessfulDelete";
    public const string FailedDelete = "FailedDelete";

    /// <summary><c>GetPodFromTemplate</c>: labels, annotations and finalizers of the template, a controller reference.</summary>
    public static V1Pod PodFromTemplate(V1PodTemplateSpec template, IKubernetesObject<V1ObjectMeta> owner)
    {
        var pod = KubernetesJson.Deserialize<V1Pod>(KubernetesJson.Serialize(new V1Pod
        {
            ApiVersion = "v1",
            Kind = "Pod",
            Metadata = new V1ObjectMeta
            {
                GenerateName = owner.Metadata.Name + "-",
                NamespaceProperty = owner.Metadata.NamespaceProperty,
                Labels = template.Metadata?.Labels,
                Annotations = template.Metadata?.Annotations,
                Finalizers = template.Metadata?.Finalizers,
            },
            Spec = template.Spec,
        }));
        OwnerReferences.SetControllerReference(owner, pod);
        return pod;
    }

    /// <summary>Creates the pod; records SuccessfulCreate, or FailedCreate and rethrows.</summary>
    public async Task<V1Pod> CreateAsync(V1Pod pod, IKubernetesObject<V1ObjectMeta> owner, CancellationToken cancellationToken)
    {
        try
        {
            var created = await pods.CreateAsync(pod, cancellationToken: cancellationToken).ConfigureAwait(false);
            recorder.Normal(owner, SuccessfulCreate, "Create", $"Created pod: {created.Metadata.Name}", created);
            return created;
        }
        catch (KubernetesApiException e)
        {
            // A terminating namespace refuses creations; upstream does not report those as failures.
            if (e.Status?.Details?.Causes?.Any(c => c.Reason == "NamespaceTerminating") != true)
            {
                recorder.Warning(owner, FailedCreate, "Create", $"Error creating: {e.Status?.Message ?? e.Message}");
            }

            throw;
        }
    }

    /// <summary>
    /// Deletes the pod; records SuccessfulDelete, or FailedDelete and rethrows. Returns false when the pod was already gone
    /// (upstream returns that as a NotFound error, which its callers treat as an observed deletion).
    /// </summary>
    public async Task<bool> DeleteAsync(V1Pod pod, IKubernetesObject<V1ObjectMeta> owner, CancellationToken cancellationToken)
    {
        try
        {
            if (!await pods.DeleteAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name, cancellationToken: cancellationToken).ConfigureAwait(false))
            {
                return false;
            }

            recorder.Normal(owner, SuccessfulDelete, "Delete", $"Deleted pod: {pod.Metadata.Name}", pod);
            return true;
        }
        catch (KubernetesApiException e)
        {
            recorder.Warning(owner, FailedDelete, "Delete", $"Error deleting: {e.Status?.Message ?? e.Message}", pod);
            throw;
        }
    }

    /// <summary>
    /// The deletion half of <c>syncNodes</c>/<c>manageReplicas</c>: deletes <paramref name="doomed"/> in parallel, their
    /// deletions already expected under <paramref name="key"/>. A pod whose delete failed, or that was already gone, is
    /// marked observed at once: no informer event will announce it any more (a pod already gone may have had its delete
    /// event before the expectation was set), and an expectation nobody lowers stalls the owner until its TTL. Returns
    /// the first error.
    /// </summary>
    public async Task<Exception?> DeleteExpectedAsync(
        IReadOnlyList<V1Pod> doomed, IKubernetesObject<V1ObjectMeta> owner, UidTrackingControllerExpectations expectations, string key,
        CancellationToken cancellationToken)
    {
        var errors = await Task.WhenAll(doomed.Select(async pod =>
        {
            var podKey = $"{pod.Metadata.NamespaceProperty}/{pod.Metadata.Name}";
            try
            {
                if (!await DeleteAsync(pod, owner, cancellationToken).ConfigureAwait(false))
                {
                    expectations.DeletionObserved(key, podKey);
                }

                return null;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // Includes a client-side timeout (a TaskCanceledException our token did not cause).
                expectations.DeletionObserved(key, podKey);
                return e;
            }
        })).ConfigureAwait(false);
        return errors.FirstOrDefault(e => e is not null);
    }
}
