using k8s.Models;

namespace Coxswain.Manifests.Kruise;

/// <summary>
/// The <c>kruise-controller-manager</c> Deployment: container <c>manager</c> running <c>coxswain manager</c> with
/// OpenKruise's flags, ports (webhook 9876, metrics 8080, probes 8000) and readiness on <c>/readyz</c>.
/// </summary>
public static class KruiseManagerDeployment
{
    public static IDictionary<string, string> PodLabels => new Dictionary<string, string>
    {
        [KruiseNames.ControlPlaneLabel] = KruiseNames.ControlPlaneValue,
    };

    public static V1Deployment Create(InstallOptions options) => new()
    {
        ApiVersion = "apps/v1", Kind = "Deployment",
        Metadata = new V1ObjectMeta
        {
            Name = KruiseNames.ManagerDeployment, NamespaceProperty = KruiseNames.Namespace, Labels = PodLabels,
        },
        Spec = new V1DeploymentSpec
        {
            Replicas = options.ManagerReplicas,
            Selector = new V1LabelSelector { MatchLabels = PodLabels },
            Strategy = new V1DeploymentStrategy
            {
                Type = "RollingUpdate",
                RollingUpdate = new V1RollingUpdateDeployment { MaxSurge = "100%", MaxUnavailable = 0 },
            },
            MinReadySeconds = 3,
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = PodLabels },
                Spec = new V1PodSpec
                {
                    ServiceAccountName = KruiseNames.ServiceAccount,
                    TerminationGracePeriodSeconds = 10,
                    Containers = [Manager(options)],
                },
            },
        },
    };

    static V1Container Manager(InstallOptions options) => new()
    {
        Name = KruiseNames.ManagerContainer,
        Image = options.Image,
        ImagePullPolicy = "IfNotPresent",
        Args = Arguments(options),
        Env =
        [
            FieldEnv("POD_NAMESPACE", "metadata.namespace"),
            FieldEnv("POD_NAME", "metadata.name"),
            FieldEnv("POD_IP", "status.podIP"),
            new V1EnvVar { Name = "WEBHOOK_PORT", Value = KruiseNames.WebhookPort.ToString() },
            new V1EnvVar { Name = "SECRET_NAME", Value = KruiseNames.WebhookCertSecret },
            new V1EnvVar { Name = "SERVICE_NAME", Value = KruiseNames.WebhookService },
        ],
        Ports =
        [
            new V1ContainerPort { ContainerPort = KruiseNames.WebhookPort, Name = "webhook-server", Protocol = "TCP" },
            new V1ContainerPort { ContainerPort = KruiseNames.MetricsPort, Name = "metrics", Protocol = "TCP" },
            new V1ContainerPort { ContainerPort = KruiseNames.HealthPort, Name = "health", Protocol = "TCP" },
        ],
        ReadinessProbe = new V1Probe
        {
            HttpGet = new V1HTTPGetAction { Path = "/readyz", Port = KruiseNames.HealthPort },
            PeriodSeconds = 5,
        },
        LivenessProbe = new V1Probe
        {
            HttpGet = new V1HTTPGetAction { Path = "/healthz", Port = KruiseNames.HealthPort },
            InitialDelaySeconds = 15,
            PeriodSeconds = 20,
        },
        Resources = new V1ResourceRequirements
        {
            Requests = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("100m"), ["memory"] = new("256Mi") },
            Limits = new Dictionary<string, ResourceQuantity> { ["cpu"] = new("1"), ["memory"] = new("1Gi") },
        },
    };

    static V1EnvVar FieldEnv(string name, string fieldPath) =>
        new() { Name = name, ValueFrom = new V1EnvVarSource { FieldRef = new V1ObjectFieldSelector { FieldPath = fieldPath } } };

    /// <summary>The image's entrypoint is the coxswain CLI, so the first argument selects the <c>manager</c> command.</summary>
    static List<string> Arguments(InstallOptions options)
    {
        var args = new List<string>
        {
            "manager",
            "--enable-leader-election",
            $"--leader-election-namespace={KruiseNames.Namespace}",
            $"--metrics-addr=:{KruiseNames.MetricsPort}",
            $"--health-probe-addr=:{KruiseNames.HealthPort}",
            "--logtostderr=true",
            "--v=4",
        };
        if (options.FeatureGates.Length > 0) args.Add($"--feature-gates={options.FeatureGates}");
        return args;
    }
}
