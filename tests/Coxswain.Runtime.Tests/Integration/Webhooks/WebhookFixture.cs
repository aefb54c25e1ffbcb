using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Hosting;
using Coxswain.Runtime.Observability;
using Coxswain.Runtime.Tests.Integration.Support;
using Coxswain.Runtime.Webhooks;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using Xunit.Abstractions;

namespace Coxswain.Runtime.Tests.Integration.Webhooks;

/// <summary>
/// A webhook Service in front of a manager's webhook server, and the configurations pointing the local API server at it —
/// the way OpenKruise is deployed: Service <c>webhook-service</c> in <c>webhook-system</c>, certificates in Secret
/// <c>webhook-certs</c>, configurations created without <c>caBundle</c> for the runtime to fill in.
/// </summary>
internal static class WebhookFixture
{
    public const string Namespace = "webhook-system";
    public const string Service = "webhook-service";
    public const string Secret = "webhook-certs";
    public const string MutatingConfiguration = "test-mutating";
    public const string ValidatingConfiguration = "test-validating";
    public const string MutatingHook = "mconfigmap.example.com";
    public const string ValidatingHook = "vconfigmap.example.com";
    public const string SelectedLabel = "webhook-test";

    /// <summary>The Service (without selector: its Endpoints are written by <see cref="PointServiceAtAsync"/>) and both configurations.</summary>
    public static async Task CreateAsync(Kubernetes client)
    {
        await client.NamespaceAsync(Namespace);
        await client.CoreV1.CreateNamespacedServiceAsync(
            new V1Service
            {
                Metadata = new V1ObjectMeta { Name = Service },
                Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 443, TargetPort = 9876 }] },
            },
            Namespace);
        var rules = new List<V1RuleWithOperations>
        {
            new() { ApiGroups = [""], ApiVersions = ["v1"], Operations = ["CREATE", "UPDATE"], Resources = ["configmaps"] },
        };
        var selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { [SelectedLabel] = "true" } };
        await client.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(new V1MutatingWebhookConfiguration
        {
            Metadata = new V1ObjectMeta { Name = MutatingConfiguration },
            Webhooks =
            [
                new V1MutatingWebhook
                {
                    Name = MutatingHook, AdmissionReviewVersions = ["v1", "v1beta1"], SideEffects = "None", FailurePolicy = "Fail", Rules = rules,
                    ObjectSelector = selector, ClientConfig = ClientConfig("/mutate-configmap"),
                },
            ],
        });
        await client.AdmissionregistrationV1.CreateValidatingWebhookConfigurationAsync(new V1ValidatingWebhookConfiguration
        {
            Metadata = new V1ObjectMeta { Name = ValidatingConfiguration },
            Webhooks =
            [
                new V1ValidatingWebhook
                {
                    Name = ValidatingHook, AdmissionReviewVersions = ["v1"], SideEffects = "None", FailurePolicy = "Fail", Rules = rules,
                    ObjectSelector = selector, ClientConfig = ClientConfig("/validate-configmap"),
                },
            ],
        });
    }

    /// <summary>The Service's Endpoints: the replica's webhook port on loopback (there are no pods to select).</summary>
    public static async Task PointServiceAtAsync(Kubernetes client, int port)
    {
        var endpoints = new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = Service, NamespaceProperty = Namespace },
            Subsets = [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "127.0.0.1" }], Ports = [new Corev1EndpointPort { Port = port }] }],
        };
        var existing = await new ResourceClient<V1Endpoints>(client).GetOrDefaultAsync(Namespace, Service);
        if (existing is null)
        {
            await client.CoreV1.CreateNamespacedEndpointsAsync(endpoints, Namespace);
        }
        else
        {
            endpoints.Metadata.ResourceVersion = existing.Metadata.ResourceVersion;
            await client.CoreV1.ReplaceNamespacedEndpointsAsync(endpoints, Service, Namespace);
        }
    }

    /// <summary>A manager serving the test webhooks on an ephemeral loopback port, certificates self-managed.</summary>
    public static Task<ManagerHost> StartManagerAsync(
        TestCluster cluster, ITestOutputHelper output, string name, RuntimeMetrics metrics, string certDir, IDictionary<string, string?>? settings = null) =>
        ManagerHost.StartAsync(cluster, output, name, builder =>
        {
            var configuration = new Dictionary<string, string?>
            {
                ["Coxswain:Webhook:Port"] = "0",
                ["Coxswain:Webhook:Host"] = "127.0.0.1",
                ["Coxswain:Webhook:CertDir"] = certDir,
                ["Coxswain:Webhook:CertSecretName"] = Secret,
                ["Coxswain:Webhook:ServiceName"] = Service,
                ["Coxswain:Webhook:ServiceNamespace"] = Namespace,
                ["Coxswain:Webhook:MutatingWebhookConfigurations:0"] = MutatingConfiguration,
                ["Coxswain:Webhook:ValidatingWebhookConfigurations:0"] = ValidatingConfiguration,
            };
            foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            {
                configuration[key] = value;
            }

            builder.Configuration.AddInMemoryCollection(configuration);
            builder.Services.AddSingleton(metrics);
            builder.Services.AddCoxswainManager(builder.Configuration)
                .AddMutatingWebhook<V1ConfigMap, LabelingWebhook>("/mutate-configmap")
                .AddValidatingWebhook<V1ConfigMap, ForbiddenKeyWebhook>("/validate-configmap");
        }, leaseName: null);

    public static WebhookServer Server(this ManagerHost host) => host.Host.Services.GetRequiredService<WebhookServer>();

    /// <summary>The certificate a TLS client is shown at <paramref name="address"/> when asking for the Service's name.</summary>
    public static async Task<X509Certificate2> ServedCertificateAsync(Uri address)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(address.Host == "localhost" ? "127.0.0.1" : address.Host, address.Port);
        X509Certificate2? served = null;
        await using var tls = new SslStream(tcp.GetStream(), false, (_, certificate, _, _) =>
        {
            served = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return true;
        });
        await tls.AuthenticateAsClientAsync($"{Service}.{Namespace}.svc");
        return served!;
    }

    private static Admissionregistrationv1WebhookClientConfig ClientConfig(string path) =>
        new() { Service = new Admissionregistrationv1ServiceReference { NamespaceProperty = Namespace, Name = Service, Path = path, Port = 443 } };

    /// <summary>Labels every object it admits <c>mutated-by=coxswain</c>.</summary>
    internal sealed class LabelingWebhook : IMutatingWebhook<V1ConfigMap>
    {
        public Task<AdmissionDecision> MutateAsync(AdmissionRequest<V1ConfigMap> request, CancellationToken cancellationToken)
        {
            request.Object!.Metadata.Labels ??= new Dictionary<string, string>();
            request.Object.Metadata.Labels["mutated-by"] = "coxswain";
            return Task.FromResult(AdmissionDecision.Allow());
        }
    }

    /// <summary>Denies objects with a <c>forbidden</c> key; warns about keys in upper case.</summary>
    internal sealed class ForbiddenKeyWebhook : IValidatingWebhook<V1ConfigMap>
    {
        public Task<AdmissionDecision> ValidateAsync(AdmissionRequest<V1ConfigMap> request, CancellationToken cancellationToken)
        {
            var data = request.Object?.Data ?? new Dictionary<string, string>();
            var decision = data.ContainsKey("forbidden")
                ? AdmissionDecision.Deny("data.forbidden: Forbidden: this key is reserved")
                : AdmissionDecision.Allow();
            return Task.FromResult(data.Keys.Any(k => k.Any(char.IsUpper)) ? decision.WithWarnings("keys should be lower case") : decision);
        }
    }
}
