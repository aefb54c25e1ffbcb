using Coxswain.LocalCluster.Server;
using Coxswain.LocalCluster.Tests.Server;
using k8s;
using k8s.Models;

namespace Coxswain.LocalCluster.Tests.Admission;

/// <summary>
/// A local API server plus an HTTPS webhook server, shared by the admission integration tests. Tests isolate themselves
/// by namespace: each creates its own namespace and scopes its webhooks to it with a namespaceSelector on the
/// immutable <c>kubernetes.io/metadata.name</c> label, so leftovers of one test never reach another.
/// </summary>
public sealed class AdmissionCluster : IAsyncLifetime
{
    readonly TemporaryDirectory directory = new();
    int counter;

    public LocalApiServer Server { get; private set; } = null!;
    public WebhookTestServer Webhooks { get; private set; } = null!;
    public Kubernetes Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await LocalApiServer.StartAsync(new LocalClusterOptions { DataDir = directory.Path, Port = 0, InMemory = true });
        Webhooks = await WebhookTestServer.StartAsync();
        Client = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(Server.KubeconfigPath));
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Webhooks.DisposeAsync();
        await Server.DisposeAsync();
        directory.Dispose();
    }

    /// <summary>A fresh, uniquely named namespace.</summary>
    public async Task<string> CreateNamespaceAsync(string prefix, IDictionary<string, string>? labels = null)
    {
        var name = $"{prefix}-{Interlocked.Increment(ref counter)}";
        await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name, Labels = labels } });
        return name;
    }

    /// <summary>
    /// A Service on port 443 in <paramref name="ns"/>, with Endpoints pointing at <paramref name="port"/> on 127.0.0.1 (the
    /// webhook server by default). Without <paramref name="endpoints"/>, the Endpoints object exists but has no addresses.
    /// </summary>
    public async Task ExposeAsync(string ns, string service, int? port = null, bool endpoints = true)
    {
        var target = port ?? Webhooks.Port;
        await Client.CoreV1.CreateNamespacedServiceAsync(new V1Service
        {
            Metadata = new V1ObjectMeta { Name = service },
            Spec = new V1ServiceSpec { Ports = [new V1ServicePort { Port = 443, TargetPort = target }] },
        }, ns);
        await Client.CoreV1.CreateNamespacedEndpointsAsync(new V1Endpoints
        {
            Metadata = new V1ObjectMeta { Name = service },
            Subsets = endpoints
                ? [new V1EndpointSubset { Addresses = [new V1EndpointAddress { Ip = "127.0.0.1" }], Ports = [new Corev1EndpointPort { Port = target }] }]
                : [],
        }, ns);
    }

    /// <summary>A port on 127.0.0.1 that nothing listens on.</summary>
    public static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public Admissionregistrationv1ServiceReference Service(string ns, string name, string path) => new() { NamespaceProperty = ns, Name = name, Path = path };

    /// <summary>Webhook client config for a service webhook served by <see cref="Webhooks"/>.</summary>
    public Admissionregistrationv1WebhookClientConfig ClientConfig(string ns, string service, string path, byte[]? caBundle = null) =>
        new() { Service = Service(ns, service, path), CaBundle = caBundle ?? Webhooks.CaBundle };

    /// <summary>Only objects in (or being) namespace <paramref name="ns"/>.</summary>
    public static V1LabelSelector OnlyNamespace(string ns) => new() { MatchLabels = new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = ns } };

    public static V1RuleWithOperations Rule(string resource, string group = "", string version = "v1", params string[] operations) => new()
    {
        ApiGroups = [group],
        ApiVersions = [version],
        Resources = [resource],
        Operations = operations.Length == 0 ? ["*"] : operations,
    };
}

[CollectionDefinition(Name)]
public sealed class AdmissionClusterCollection : ICollectionFixture<AdmissionCluster>
{
    public const string Name = "admission cluster";
}
