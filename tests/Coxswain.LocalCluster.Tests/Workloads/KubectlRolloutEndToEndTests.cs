using Coxswain.LocalCluster.Tests.EndToEnd;
using Coxswain.LocalCluster.Tests.Nodes;
using Coxswain.LocalCluster.Tests.Server;

namespace Coxswain.LocalCluster.Tests.Workloads;

/// <summary>The real kubectl driving Deployments and DaemonSets through the built-in controllers: create, rollout status/restart/history/undo, get rs.</summary>
public sealed class KubectlRolloutEndToEndTests
{
    static readonly TimeSpan RolloutTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Kubectl_creates_a_deployment_that_reaches_five_replicas_over_the_nodes_and_rolls_it_out_restarts_and_undoes_it()
    {
        await using var cluster = await SimulatedCluster.StartAsync(kubeControllers: true);
        using var home = new TemporaryDirectory();
        var kubectl = new Kubectl(cluster.Server.KubeconfigPath, home.Path);

        Assert.Equal("deployment.apps/web created\n", await kubectl.SucceedAsync("create", "deployment", "web", "--image=nginx", "--replicas=5"));
        var status = await Succeed(kubectl, "rollout", "status", "deployment/web", "--timeout=60s");
        Assert.EndsWith("deployment \"web\" successfully rolled out\n", status);

        Assert.Matches(@"web\s+5/5\s+5\s+5\s+\S+", await kubectl.SucceedAsync("get", "deployment", "web"));
        var pods = await kubectl.SucceedAsync("get", "pods", "-l", "app=web", "-o", "jsonpath={range .items[*]}{.spec.nodeName}{\"\\n\"}{end}");
        Assert.Equal(3, pods.Split('\n', StringSplitOptions.RemoveEmptyEntries).Distinct().Count());
        Assert.Matches(@"web-[a-z0-9]+\s+5\s+5\s+5\s+\S+", await kubectl.SucceedAsync("get", "rs"));

        Assert.Equal("deployment.apps/web restarted\n", await kubectl.SucceedAsync("rollout", "restart", "deployment/web"));
        Assert.EndsWith("deployment \"web\" successfully rolled out\n", await Succeed(kubectl, "rollout", "status", "deployment/web", "--timeout=60s"));
        var restartedAt = await kubectl.SucceedAsync("get", "deployment", "web", "-o", "jsonpath={.spec.template.metadata.annotations.kubectl\\.kubernetes\\.io/restartedAt}");
        Assert.NotEmpty(restartedAt);

        var history = await kubectl.SucceedAsync("rollout", "history", "deployment/web");
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n", history);

        Assert.Equal("deployment.apps/web rolled back\n", await kubectl.SucceedAsync("rollout", "undo", "deployment/web"));
        Assert.EndsWith("deployment \"web\" successfully rolled out\n", await Succeed(kubectl, "rollout", "status", "deployment/web", "--timeout=60s"));
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n", await kubectl.SucceedAsync("rollout", "history", "deployment/web"));
        Assert.Empty(await kubectl.SucceedAsync("get", "deployment", "web", "-o", "jsonpath={.spec.template.metadata.annotations}"));

        var describe = await kubectl.SucceedAsync("describe", "deployment", "web");
        Assert.True(System.Text.RegularExpressions.Regex.IsMatch(describe, @"Normal\s+ScalingReplicaSet\s+\S+\s+deployment-controller\s+Scaled up replica set web-\w+ from 0 to 5"), describe);
        Assert.Matches(@"Progressing\s+True\s+NewReplicaSetAvailable", describe);
    }

    [Fact]
    public async Task Kubectl_rolls_out_restarts_and_undoes_a_daemonset()
    {
        await using var cluster = await SimulatedCluster.StartAsync(kubeControllers: true);
        using var home = new TemporaryDirectory();
        var kubectl = new Kubectl(cluster.Server.KubeconfigPath, home.Path);
        const string manifest = """
            apiVersion: apps/v1
            kind: DaemonSet
            metadata: {name: agent, namespace: default}
            spec:
              selector: {matchLabels: {app: agent}}
              template:
                metadata: {labels: {app: agent}}
                spec:
                  terminationGracePeriodSeconds: 0
                  containers: [{name: agent, image: busybox:1.36}]
            """;
        var created = await kubectl.RunAsync(["apply", "-f", "-"], stdin: manifest, timeout: RolloutTimeout);
        Assert.True(created.ExitCode == 0, created.ToString());
        Assert.Equal("daemonset.apps/agent created\n", created.Stdout);
        Assert.EndsWith("daemon set \"agent\" successfully rolled out\n", await Succeed(kubectl, "rollout", "status", "ds/agent", "--timeout=60s"));

        Assert.Equal("daemonset.apps/agent restarted\n", await kubectl.SucceedAsync("rollout", "restart", "ds/agent"));
        Assert.EndsWith("daemon set \"agent\" successfully rolled out\n", await Succeed(kubectl, "rollout", "status", "ds/agent", "--timeout=60s"));
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\n1\s+<none>\n2\s+<none>\n", await kubectl.SucceedAsync("rollout", "history", "ds/agent"));

        Assert.Equal("daemonset.apps/agent rolled back\n", await kubectl.SucceedAsync("rollout", "undo", "ds/agent"));
        Assert.EndsWith("daemon set \"agent\" successfully rolled out\n", await Succeed(kubectl, "rollout", "status", "ds/agent", "--timeout=60s"));
        Assert.Empty(await kubectl.SucceedAsync("get", "ds", "agent", "-o", "jsonpath={.spec.template.metadata.annotations}"));
        // The first revision's ControllerRevision is current again, renumbered as the newest.
        Assert.Matches(@"REVISION\s+CHANGE-CAUSE\n2\s+<none>\n3\s+<none>\n", await kubectl.SucceedAsync("rollout", "history", "ds/agent"));
    }

    static async Task<string> Succeed(Kubectl kubectl, params string[] args)
    {
        var result = await kubectl.RunAsync(args, stdin: null, timeout: RolloutTimeout);
        Assert.True(result.ExitCode == 0, $"kubectl {string.Join(' ', args)} failed: {result}");
        return result.Stdout;
    }
}
