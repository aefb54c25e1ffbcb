namespace Coxswain.Manifests.Kruise;

/// <summary>
/// OpenKruise's installation names. They are the contract: the seed guides, dashboards and runbooks refer to them
/// (<c>kubectl logs -n kruise-system deploy/kruise-controller-manager -c manager</c>), so they never change.
/// </summary>
public static class KruiseNames
{
    public const string Namespace = "kruise-system";
    public const string ManagerDeployment = "kruise-controller-manager";
    public const string ManagerContainer = "manager";
    public const string ServiceAccount = "kruise-manager";
    public const string ClusterRole = "kruise-manager-role";
    public const string ClusterRoleBinding = "kruise-manager-rolebinding";
    public const string LeaderElectionRole = "kruise-leader-election-role";
    public const string LeaderElectionRoleBinding = "kruise-leader-election-rolebinding";
    public const string LeaderElectionId = "kruise-manager";
    public const string WebhookService = "kruise-webhook-service";
    public const string WebhookCertSecret = "kruise-webhook-certs";
    public const string MetricsService = "kruise-controller-manager";
    public const string MutatingWebhookConfiguration = "kruise-mutating-webhook-configuration";
    public const string ValidatingWebhookConfiguration = "kruise-validating-webhook-configuration";

    /// <summary>The manager pods' label (and the kruise-system namespace's: <c>mpod.kb.io</c> skips namespaces carrying it).</summary>
    public const string ControlPlaneLabel = "control-plane";
    public const string ControlPlaneValue = "controller-manager";

    public const int WebhookPort = 9876;
    public const int MetricsPort = 8080;
    public const int HealthPort = 8000;
}
