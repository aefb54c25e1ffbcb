using System.Net;
using System.Net.Sockets;
using k8s;
using k8s.Autorest;
using k8s.Models;

namespace Coxswain.Cli.Tests;

/// <summary><c>coxswain manager</c> as the kruise-controller-manager container runs it, against a local cluster.</summary>
public sealed class ManagerCommandTests(LocalTestCluster cluster) : IClassFixture<LocalTestCluster>
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_manager_leads_reconciles_CloneSets_serves_probes_and_metrics_and_releases_its_lease_on_SIGTERM()
    {
        await EnsureNamespaceAsync("kruise-system");
        await InstallCustomResourceDefinitionsAsync();
        int metricsPort = FreePort(), healthPort = FreePort(), webhookPort = FreePort();
        var certDir = Path.Combine(cluster.WorkDir, "certs");
        using var manager = CoxswainCli.Start(
            new Dictionary<string, string> { ["WEBHOOK_PORT"] = webhookPort.ToString(), ["WEBHOOK_CERT_DIR"] = certDir },
            "manager", "--kubeconfig", cluster.Server.KubeconfigPath,
            $"--metrics-addr=127.0.0.1:{metricsPort}", $"--health-probe-addr=127.0.0.1:{healthPort}", "--logtostderr=true", "--v=4");

        var holder = await EventuallyAsync(async () =>
        {
            var lease = await TryReadLeaseAsync();
            return string.IsNullOrEmpty(lease?.Spec.HolderIdentity) ? null : lease.Spec.HolderIdentity;
        }, manager);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await EventuallyAsync(async () => (await TryGetAsync(http, $"http://127.0.0.1:{healthPort}/readyz")) == HttpStatusCode.OK ? "ready" : null, manager);
        Assert.Equal(HttpStatusCode.OK, await TryGetAsync(http, $"http://127.0.0.1:{healthPort}/healthz"));
        // The CloneSet controller runs on the leader: a CloneSet gets its pods, named <cloneset>-<instance id>.
        cluster.Manifest("sample.yaml", SampleCloneSet);
        await cluster.Kubectl.SucceedAsync("apply", "-f", Path.Combine(cluster.WorkDir, "sample.yaml"));
        await EventuallyAsync(async () =>
        {
            var pods = await cluster.Client.CoreV1.ListNamespacedPodAsync("default", labelSelector: "app=sample");
            return pods.Items.Count == 2 && pods.Items.All(p => p.Metadata.Name.StartsWith("sample-", StringComparison.Ordinal) &&
                p.Metadata.Labels.ContainsKey("apps.kruise.io/cloneset-instance-id")) ? "created" : null;
        }, manager);

        var metrics = await http.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics");
        Assert.Contains("controller_runtime_reconcile_total{controller=\"cloneset\"", metrics);
        Assert.Contains("leader_election_master_status", metrics);
        Assert.Contains("rest_client_requests_total", metrics);

        var exitCode = await manager.TerminateAsync(TimeSpan.FromSeconds(45));
        Assert.True(exitCode == 0, $"exit {exitCode}\n{manager.Output}");
        var released = await TryReadLeaseAsync();
        Assert.True(string.IsNullOrEmpty(released?.Spec.HolderIdentity), $"lease still held by {released?.Spec.HolderIdentity} (was {holder})");
    }

    [Theory]
    [InlineData("--feature-gates=NoSuchGate=true", "coxswain: invalid argument \"NoSuchGate=true\" for \"--feature-gates\" flag: unrecognized feature gate: NoSuchGate")]
    [InlineData("--feature-gates=CloneSetShortHash", "coxswain: invalid argument \"CloneSetShortHash\" for \"--feature-gates\" flag: missing bool value for CloneSetShortHash")]
    [InlineData("--cloneset-workers=0", "coxswain: --cloneset-workers must be at least 1")]
    public async Task Bad_flags_fail_at_once_with_one_line(string flag, string line)
    {
        var result = await CoxswainCli.RunAsync("manager", flag);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal(line, result.Stderr.TrimEnd('\n'));
    }

    const string SampleCloneSet = """
        apiVersion: apps.kruise.io/v1alpha1
        kind: CloneSet
        metadata:
          name: sample
          namespace: default
        spec:
          replicas: 2
          selector:
            matchLabels: {app: sample}
          template:
            metadata:
              labels: {app: sample}
            spec:
              containers:
              - name: main
                image: nginx:1.25
        """;

    /// <summary>The CRDs of <c>coxswain manifests</c>, applied alone (the webhooks would need the manager in the cluster).</summary>
    async Task InstallCustomResourceDefinitionsAsync()
    {
        var manifests = await CoxswainCli.RunAsync("manifests");
        Assert.True(manifests.ExitCode == 0, manifests.ToString());
        var crds = string.Join("", manifests.Stdout.Split("---\n").Where(d => d.Contains("kind: CustomResourceDefinition\n"))
            .Select(d => "---\n" + d));
        var path = cluster.Manifest("crds.yaml", crds);
        await cluster.Kubectl.SucceedAsync("apply", "-f", path);
        await cluster.Kubectl.SucceedAsync("wait", "--for=condition=Established", "crd/clonesets.apps.kruise.io", "--timeout=30s");
    }

    async Task EnsureNamespaceAsync(string name)
    {
        try
        {
            await cluster.Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.Conflict)
        {
        }
    }

    async Task<V1Lease?> TryReadLeaseAsync()
    {
        try
        {
            return await cluster.Client.CoordinationV1.ReadNamespacedLeaseAsync("kruise-manager", "kruise-system");
        }
        catch (HttpOperationException e) when (e.Response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    static async Task<HttpStatusCode?> TryGetAsync(HttpClient http, string url)
    {
        try
        {
            using var response = await http.GetAsync(url);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null;
        }
    }

    static async Task<string> EventuallyAsync(Func<Task<string?>> probe, RunningCommand manager)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (DateTime.UtcNow < deadline)
        {
            if (await probe() is { } value) return value;
            Assert.False(manager.HasExited, $"the manager exited early:\n{manager.Output}");
            await Task.Delay(200);
        }
        throw new TimeoutException($"condition not met within {Patience}; manager output:\n{manager.Output}");
    }

    static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
