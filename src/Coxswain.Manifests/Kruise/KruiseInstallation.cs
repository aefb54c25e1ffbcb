using k8s;
using k8s.Models;

namespace Coxswain.Manifests.Kruise;

/// <summary>
/// Everything an OpenKruise-compatible install consists of, in the order <c>kubectl apply</c> needs: CRDs first (so the
/// kinds exist), then the namespace and what lives in it, the manager, and last the webhook configurations (a webhook
/// registered before its service exists would only fail requests sooner).
/// </summary>
public static class KruiseInstallation
{
    public static IReadOnlyList<IKubernetesObject<V1ObjectMeta>> Objects(
        InstallOptions options, IEnumerable<V1CustomResourceDefinition> customResourceDefinitions) =>
    [
        .. customResourceDefinitions,
        Namespace(),
        KruiseRbac.ServiceAccount(),
        KruiseRbac.ClusterRole(),
        KruiseRbac.ClusterRoleBinding(),
        KruiseRbac.LeaderElectionRole(),
        KruiseRbac.LeaderElectionRoleBinding(),
        KruiseServices.Webhook(),
        KruiseServices.Metrics(),
        KruiseManagerDeployment.Create(options),
        KruiseWebhookConfigurations.Mutating(),
        KruiseWebhookConfigurations.Validating(),
    ];

    /// <summary>
    /// kruise-system, labelled <c>control-plane: controller-manager</c> like upstream's: <c>mpod.kb.io</c> skips namespaces
    /// with that label, so the manager's own pods are never blocked on the webhook they are about to serve.
    /// </summary>
    public static V1Namespace Namespace() => new()
    {
        ApiVersion = "v1", Kind = "Namespace",
        Metadata = new V1ObjectMeta
        {
            Name = KruiseNames.Namespace,
            Labels = new Dictionary<string, string> { [KruiseNames.ControlPlaneLabel] = KruiseNames.ControlPlaneValue },
        },
    };
}
