using System.Diagnostics;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Server;
using k8s;
using k8s.Models;

namespace Coxswain.LocalCluster.Tests.Admission;

/// <summary>How webhooks are reached and what the client sees when they cannot be: kube-apiserver's exact messages.</summary>
[Collection(AdmissionClusterCollection.Name)]
public sealed class WebhookTransportTests(AdmissionCluster cluster)
{
    static V1Pod Pod(string name) => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "app", Image = "nginx" }] },
    };

    static V1ConfigMap ConfigMap(string name) => new() { Metadata = new V1ObjectMeta { Name = name } };

    /// <summary>A validating webhook on configmaps (or <paramref name="resource"/>) in <paramref name="ns"/> only.</summary>
    async Task ValidateAsync(string ns, string webhook, Admissionregistrationv1WebhookClientConfig clientConfig,
        string failurePolicy = "Fail", int? timeoutSeconds = null, string resource = "configmaps")
    {
        await cluster.Client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(new V1ValidatingWebhookConfiguration
        {
            Metadata = new V1ObjectMeta { Name = $"{ns}-{webhook}" },
            Webhooks =
            [
                new V1ValidatingWebhook
                {
                    Name = webhook, ClientConfig = clientConfig, Rules = [AdmissionCluster.Rule(resource)],
                    NamespaceSelector = AdmissionCluster.OnlyNamespace(ns), FailurePolicy = failurePolicy,
                    TimeoutSeconds = timeoutSeconds, SideEffects = "None", AdmissionReviewVersions = ["v1"],
                },
            ],
        });
    }

    [Fact]
    public async Task Service_without_endpoints_fails_with_kube_apiservers_exact_message()
    {
        var ns = await cluster.CreateNamespaceAsync("kruise-system");
        await cluster.ExposeAsync(ns, "kruise-webhook-service", endpoints: false);
        await ValidateAsync(ns, "vpod.kb.io", cluster.ClientConfig(ns, "kruise-webhook-service", "/validate-pod"), resource: "pods");

        var failure = await ApiFailure.Of(() => cluster.Client.CoreV1.CreateNamespacedPodAsync(Pod("p"), ns));

        var cause = $"failed calling webhook \"vpod.kb.io\": failed to call webhook: Post \"https://kruise-webhook-service.{ns}.svc:443/validate-pod?timeout=10s\": " +
                    "no endpoints available for service \"kruise-webhook-service\"";
        Assert.Equal(500, failure.Code);
        Assert.Equal("InternalError", failure.Reason);
        Assert.Equal($"Internal error occurred: {cause}", failure.Message);
        Assert.Equal(cause, (string?)failure.Status["details"]!["causes"]![0]!["message"]);
        await Assert.ThrowsAsync<k8s.Autorest.HttpOperationException>(() => cluster.Client.CoreV1.ReadNamespacedPodAsync("p", ns));
    }

    [Fact]
    public async Task Missing_service_is_named()
    {
        var ns = await cluster.CreateNamespaceAsync("missing-service");
        await ValidateAsync(ns, "missing.test.io", cluster.ClientConfig(ns, "nowhere", "/v"));

        var failure = await ApiFailure.Of(() => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns));

        Assert.Equal(500, failure.Code);
        Assert.EndsWith($"Post \"https://nowhere.{ns}.svc:443/v?timeout=10s\": service \"nowhere\" not found", failure.Message);
    }

    [Fact]
    public async Task Unreachable_webhook_fails_closed_or_open_by_failure_policy()
    {
        var ns = await cluster.CreateNamespaceAsync("down");
        var port = AdmissionCluster.ClosedPort();
        await cluster.ExposeAsync(ns, "down", port);
        await ValidateAsync(ns, "closed.test.io", cluster.ClientConfig(ns, "down", "/v"));

        var failure = await ApiFailure.Of(() => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns));
        Assert.Equal(500, failure.Code);
        Assert.Equal($"Internal error occurred: failed calling webhook \"closed.test.io\": failed to call webhook: " +
                     $"Post \"https://down.{ns}.svc:443/v?timeout=10s\": dial tcp 127.0.0.1:{port}: connect: connection refused", failure.Message);

        var configuration = await cluster.Client.AdmissionregistrationV1.ReadValidatingWebhookConfigurationAsync($"{ns}-closed.test.io");
        configuration.Webhooks[0].FailurePolicy = "Ignore";
        await cluster.Client.AdmissionregistrationV1.ReplaceValidatingWebhookConfigurationAsync(configuration, configuration.Name());

        var created = await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns);
        Assert.Equal("c", created.Name());
    }

    [Fact]
    public async Task Slow_webhook_times_out_after_timeoutSeconds()
    {
        var ns = await cluster.CreateNamespaceAsync("slow");
        await cluster.ExposeAsync(ns, "slow");
        cluster.Webhooks.HandleAsync($"/{ns}/slow", async review =>
        {
            await Task.Delay(TimeSpan.FromSeconds(3));
            return WebhookTestServer.Allow(review);
        });
        await ValidateAsync(ns, "slow.test.io", cluster.ClientConfig(ns, "slow", $"/{ns}/slow"), timeoutSeconds: 1);

        var watch = Stopwatch.StartNew();
        var failure = await ApiFailure.Of(() => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns));

        Assert.InRange(watch.Elapsed, TimeSpan.FromSeconds(0.9), TimeSpan.FromSeconds(2.5));
        Assert.Equal(500, failure.Code);
        Assert.EndsWith($"Post \"https://slow.{ns}.svc:443/{ns}/slow?timeout=1s\": context deadline exceeded", failure.Message);
        Assert.Equal("?timeout=1s", (string?)cluster.Webhooks.Received($"/{ns}/slow").Single()["query"]);
    }

    [Fact]
    public async Task Certificate_from_another_CA_is_rejected_like_Go_does()
    {
        var ns = await cluster.CreateNamespaceAsync("wrong-ca");
        await cluster.ExposeAsync(ns, "hook");
        cluster.Webhooks.Handle($"/{ns}/v", review => WebhookTestServer.Allow(review));
        using var otherAuthority = CertificateAuthority.Create("someone-else", TimeSpan.FromDays(1));
        await ValidateAsync(ns, "ca.test.io", cluster.ClientConfig(ns, "hook", $"/{ns}/v", System.Text.Encoding.UTF8.GetBytes(otherAuthority.CertificatePem)));

        var failure = await ApiFailure.Of(() => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns));

        Assert.Equal(500, failure.Code);
        Assert.EndsWith($"Post \"https://hook.{ns}.svc:443/{ns}/v?timeout=10s\": tls: failed to verify certificate: x509: certificate signed by unknown authority",
            failure.Message);
        Assert.Empty(cluster.Webhooks.Received($"/{ns}/v"));
    }

    [Fact]
    public async Task Certificate_for_another_name_is_rejected_like_Go_does()
    {
        var ns = await cluster.CreateNamespaceAsync("misnamed");
        var service = WebhookTestServer.MisnamedPrefix + "hook";
        await cluster.ExposeAsync(ns, service);
        await ValidateAsync(ns, "name.test.io", cluster.ClientConfig(ns, service, "/v"));

        var failure = await ApiFailure.Of(() => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns));

        Assert.EndsWith($"tls: failed to verify certificate: x509: certificate is valid for {WebhookTestServer.WrongHost}, not {service}.{ns}.svc",
            failure.Message);
    }

    [Fact]
    public async Task Url_webhooks_are_called_directly()
    {
        var ns = await cluster.CreateNamespaceAsync("url");
        cluster.Webhooks.Handle($"/{ns}/v", review => WebhookTestServer.Deny(review, "seen through a URL"));
        await ValidateAsync(ns, "url.test.io", new Admissionregistrationv1WebhookClientConfig
        {
            Url = $"https://127.0.0.1:{cluster.Webhooks.Port}/{ns}/v", CaBundle = cluster.Webhooks.CaBundle,
        });

        var failure = await ApiFailure.Of(() => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns));

        Assert.True(403 == failure.Code, failure.Message);
        Assert.Equal("configmaps \"c\" is forbidden: admission webhook \"url.test.io\" denied the request: seen through a URL", failure.Message);
    }

    [Fact]
    public async Task Answers_that_are_not_AdmissionReviews_are_call_failures()
    {
        var ns = await cluster.CreateNamespaceAsync("garbage");
        await cluster.ExposeAsync(ns, "hook");
        cluster.Webhooks.Handle($"/{ns}/uid", review =>
        {
            var answer = WebhookTestServer.Allow(review);
            answer["response"]!["uid"] = "not-the-uid";
            return answer;
        });
        cluster.Webhooks.Handle($"/{ns}/kindless", _ => new JsonObject { ["response"] = new JsonObject { ["allowed"] = true } });
        await ValidateAsync(ns, "uid.test.io", cluster.ClientConfig(ns, "hook", $"/{ns}/uid"));

        var failure = await ApiFailure.Of(() => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns));
        var uid = (string?)cluster.Webhooks.Received($"/{ns}/uid").Single()["request"]!["uid"];
        Assert.Equal(500, failure.Code);
        Assert.Equal($"Internal error occurred: failed calling webhook \"uid.test.io\": received invalid webhook response: expected response.uid=\"{uid}\", got \"not-the-uid\"",
            failure.Message);

        await cluster.Client.AdmissionregistrationV1.DeleteValidatingWebhookConfigurationAsync($"{ns}-uid.test.io");
        await ValidateAsync(ns, "kindless.test.io", cluster.ClientConfig(ns, "hook", $"/{ns}/kindless"));
        failure = await ApiFailure.Of(() => cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("c"), ns));
        Assert.Equal("Internal error occurred: failed calling webhook \"kindless.test.io\": failed to call webhook: " +
                     "Object 'Kind' is missing in '{\"response\":{\"allowed\":true}}'", failure.Message);
    }
}
