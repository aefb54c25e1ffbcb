namespace Coxswain.Cli.Tests;

/// <summary><c>coxswain manifests</c> as a user runs it: piped into the real kubectl against a cluster.</summary>
public sealed class ManifestsCommandTests(LocalTestCluster cluster) : IClassFixture<LocalTestCluster>
{
    [Fact]
    public async Task The_manifests_apply_cleanly_and_twice_is_a_no_op()
    {
        var manifests = await CoxswainCli.RunAsync("manifests");
        Assert.True(manifests.ExitCode == 0, manifests.ToString());
        var path = cluster.Manifest("kruise.yaml", manifests.Stdout);

        var first = await cluster.Kubectl.SucceedAsync("apply", "-f", path);
        Assert.Contains("namespace/kruise-system created", first);
        Assert.Contains("deployment.apps/kruise-controller-manager created", first);
        Assert.Contains("validatingwebhookconfiguration.admissionregistration.k8s.io/kruise-validating-webhook-configuration created", first);

        var second = await cluster.Kubectl.SucceedAsync("apply", "-f", path);
        Assert.DoesNotContain("created", second);
        Assert.DoesNotContain("configured", second);

        var deployments = await cluster.Kubectl.SucceedAsync("get", "deploy", "-n", "kruise-system", "-l", "control-plane=controller-manager", "-o", "name");
        Assert.Equal("deployment.apps/kruise-controller-manager", deployments.Trim());
        var webhooks = await cluster.Kubectl.SucceedAsync("get", "mutatingwebhookconfiguration", "-o", "jsonpath={.items[*].webhooks[*].name}");
        Assert.Equal("mcloneset.kb.io mpod.kb.io", webhooks.Trim());
    }

    [Fact]
    public async Task Json_output_is_a_list_kubectl_accepts()
    {
        var manifests = await CoxswainCli.RunAsync("manifests", "-o", "json", "--image", "registry.example/coxswain:1", "--manager-replicas", "1");
        Assert.True(manifests.ExitCode == 0, manifests.ToString());
        var path = cluster.Manifest("kruise.json", manifests.Stdout);
        var dryRun = await cluster.Kubectl.SucceedAsync("apply", "--dry-run=client", "-f", path, "-o", "jsonpath={.items[?(@.kind==\"Deployment\")].spec.template.spec.containers[0].image}");
        Assert.Equal("registry.example/coxswain:1", dryRun.Trim());
    }

    [Theory]
    [InlineData("--output", "xml")]
    [InlineData("--manager-replicas", "0")]
    public async Task Bad_options_fail_with_one_line(string option, string value)
    {
        var result = await CoxswainCli.RunAsync("manifests", option, value);
        Assert.Equal(1, result.ExitCode);
        Assert.Equal("", result.Stdout);
        var line = Assert.Single(result.Stderr.TrimEnd('\n').Split('\n'));
        Assert.StartsWith("coxswain: ", line);
        Assert.Contains(option, line);
    }
}
