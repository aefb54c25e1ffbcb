using Coxswain.Manifests;
using Coxswain.Manifests.Kruise;
using k8s.Models;

namespace Coxswain.Manifests.Tests;

/// <summary>The installation's internal consistency: every name a guide or a webhook relies on lines up.</summary>
public sealed class KruiseInstallationTests
{
    static readonly InstallOptions Options = InstallOptions.ForLocalImage("1.2.3+abc");
    static readonly IReadOnlyList<k8s.IKubernetesObject<V1ObjectMeta>> Objects = KruiseInstallation.Objects(Options, []);

    static T Single<T>() => Assert.Single(Objects.OfType<T>());

    [Fact]
    public void The_manager_deployment_is_what_the_guides_query()
    {
        var deployment = Single<V1Deployment>();
        Assert.Equal(("kruise-controller-manager", "kruise-system"), (deployment.Metadata.Name, deployment.Metadata.NamespaceProperty));
        Assert.Equal("controller-manager", deployment.Spec.Template.Metadata.Labels["control-plane"]);
        var container = Assert.Single(deployment.Spec.Template.Spec.Containers);
        Assert.Equal("manager", container.Name);
        Assert.Equal("coxswain.local/coxswain:1.2.3-abc", container.Image);
        Assert.Equal("manager", container.Args[0]);
        Assert.Contains("--enable-leader-election", container.Args);
        Assert.Equal([9876, 8080, 8000], container.Ports.Select(p => p.ContainerPort));
        Assert.Equal("/readyz", container.ReadinessProbe.HttpGet.Path);
        Assert.Equal("kruise-manager", deployment.Spec.Template.Spec.ServiceAccountName);
    }

    [Fact]
    public void The_selector_matches_the_template_and_the_services_select_the_manager()
    {
        var deployment = Single<V1Deployment>();
        var podLabels = deployment.Spec.Template.Metadata.Labels;
        Assert.All(deployment.Spec.Selector.MatchLabels, l => Assert.Equal(l.Value, podLabels[l.Key]));
        foreach (var service in Objects.OfType<V1Service>())
            Assert.All(service.Spec.Selector, l => Assert.Equal(l.Value, podLabels[l.Key]));
        var webhook = Objects.OfType<V1Service>().Single(s => s.Metadata.Name == "kruise-webhook-service");
        var port = Assert.Single(webhook.Spec.Ports);
        Assert.Equal((443, "9876"), (port.Port, port.TargetPort.Value));
        Assert.Contains(Objects.OfType<V1Service>(), s => s.Metadata.Name == "kruise-controller-manager" && s.Spec.Ports.Single().Port == 8080);
    }

    [Fact]
    public void Webhook_configurations_use_upstream_names_and_paths_on_the_webhook_service()
    {
        var mutating = Single<V1MutatingWebhookConfiguration>();
        var validating = Single<V1ValidatingWebhookConfiguration>();
        Assert.Equal("kruise-mutating-webhook-configuration", mutating.Metadata.Name);
        Assert.Equal("kruise-validating-webhook-configuration", validating.Metadata.Name);
        var paths = mutating.Webhooks.Select(w => (w.Name, w.ClientConfig.Service.Path))
            .Concat(validating.Webhooks.Select(w => (w.Name, w.ClientConfig.Service.Path)))
            .ToDictionary(p => p.Name, p => p.Path);
        Assert.Equal("/mutate-apps-kruise-io-v1alpha1-cloneset", paths["mcloneset.kb.io"]);
        Assert.Equal("/validate-apps-kruise-io-v1alpha1-cloneset", paths["vcloneset.kb.io"]);
        Assert.Equal("/mutate-pod", paths["mpod.kb.io"]);
        var services = mutating.Webhooks.Select(w => w.ClientConfig.Service).Concat(validating.Webhooks.Select(w => w.ClientConfig.Service));
        Assert.All(services, s => Assert.Equal(("kruise-webhook-service", "kruise-system", 443), (s.Name, s.NamespaceProperty, s.Port)));
    }

    [Fact]
    public void The_pod_webhook_skips_the_namespace_the_manager_runs_in()
    {
        var pod = Single<V1MutatingWebhookConfiguration>().Webhooks.Single(w => w.Name == "mpod.kb.io");
        var requirement = Assert.Single(pod.NamespaceSelector.MatchExpressions);
        Assert.Equal(("control-plane", "DoesNotExist"), (requirement.Key, requirement.OperatorProperty));
        Assert.True(Single<V1Namespace>().Metadata.Labels.ContainsKey("control-plane"));
    }

    [Fact]
    public void Rbac_binds_the_manager_service_account_and_keeps_secrets_namespaced()
    {
        var clusterRole = Single<V1ClusterRole>();
        Assert.DoesNotContain(clusterRole.Rules, r => r.Resources.Contains("secrets") || r.Verbs.Contains("*"));
        Assert.Contains(Single<V1Role>().Rules, r => r.Resources.Contains("secrets"));
        Assert.Contains(Single<V1Role>().Rules, r => r.Resources.Contains("leases"));
        var subject = Assert.Single(Single<V1ClusterRoleBinding>().Subjects);
        Assert.Equal(("ServiceAccount", "kruise-manager", "kruise-system"), (subject.Kind, subject.Name, subject.NamespaceProperty));
        Assert.Equal("kruise-system", Single<V1RoleBinding>().Metadata.NamespaceProperty);
    }

    [Fact]
    public void Webhook_configurations_come_after_the_service_and_the_manager()
    {
        var names = Objects.Select(o => o.Kind).ToList();
        Assert.True(names.IndexOf("MutatingWebhookConfiguration") > names.IndexOf("Deployment"));
        Assert.True(names.IndexOf("Namespace") < names.IndexOf("ServiceAccount"));
    }

    [Theory]
    [InlineData("1.0.0+49297aca", "1.0.0-49297aca")]
    [InlineData("", "latest")]
    [InlineData("v2/beta", "v2-beta")]
    public void Versions_become_valid_image_tags(string version, string tag) => Assert.Equal(tag, InstallOptions.ImageTag(version));
}
