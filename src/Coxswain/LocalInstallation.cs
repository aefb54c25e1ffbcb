using Coxswain.Manifests;
using Coxswain.Runtime.Client;
using k8s;
using k8s.Models;

namespace Coxswain.Cli;

/// <summary>
/// Applies the install that <c>coxswain manifests</c> prints to the local cluster, with the local image, so Coxswain's
/// components run there as they would on a real cluster (kruise-controller-manager as process-backed pods).
/// Server-side apply with one field manager: re-running <c>coxswain up</c> updates the install in place.
/// </summary>
internal static class LocalInstallation
{
    const string FieldManager = "coxswain-up";

    public static async Task ApplyAsync(Kubernetes client, string version, CancellationToken cancellationToken)
    {
        foreach (var obj in Installation.Objects(InstallOptions.ForLocalImage(version)))
        {
            var applied = obj switch
            {
                V1CustomResourceDefinition o => Apply(client, o, cancellationToken),
                V1Namespace o => Apply(client, o, cancellationToken),
                V1ServiceAccount o => Apply(client, o, cancellationToken),
                V1ClusterRole o => Apply(client, o, cancellationToken),
                V1ClusterRoleBinding o => Apply(client, o, cancellationToken),
                V1Role o => Apply(client, o, cancellationToken),
                V1RoleBinding o => Apply(client, o, cancellationToken),
                V1Service o => Apply(client, o, cancellationToken),
                V1Deployment o => Apply(client, o, cancellationToken),
                V1MutatingWebhookConfiguration o => Apply(client, o, cancellationToken),
                V1ValidatingWebhookConfiguration o => Apply(client, o, cancellationToken),
                _ => throw new InvalidOperationException($"the local install does not know how to apply {obj.Kind}"),
            };
            await applied.ConfigureAwait(false);
        }
    }

    static Task Apply<T>(Kubernetes client, T obj, CancellationToken cancellationToken) where T : class, IKubernetesObject<V1ObjectMeta> =>
        new ResourceClient<T>(client).ApplyAsync(obj, FieldManager, force: true, cancellationToken: cancellationToken);
}
