namespace Coxswain.Cli.Tests;

/// <summary>
/// The README's CloneSet quick start, step by step, against <c>coxswain up</c>: kruise-controller-manager runs as
/// process-backed pods installed from the manifests, its webhooks are called by the API server, and the real kubectl
/// drives a CloneSet through creation, a denied invalid object, an in-place update with partition and a scale.
/// </summary>
public sealed class CloneSetQuickStartTests(CoxswainUpFixture cluster) : IClassFixture<CoxswainUpFixture>
{
    [Fact]
    public async Task The_quick_start_works_step_by_step()
    {
        var kubectl = cluster.Kubectl;
        await cluster.ManagerRolledOutAsync();
        var managers = await kubectl.SucceedAsync("get", "pods", "-n", "kruise-system", "-l", "control-plane=controller-manager", "-o", "name");
        Assert.Equal(2, managers.Trim().Split('\n').Length);

        var bad = await kubectl.RunAsync(["apply", "-f", "-"], Manifest("bad", labels: "other", image: "nginx:1.25"));
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("admission webhook \"vcloneset.kb.io\" denied the request: spec.template.metadata.labels: Invalid value:", bad.Stderr);
        Assert.Contains("`selector` does not match template `labels`", bad.Stderr);

        await kubectl.SucceedAsync(["apply", "-f", "-"], Manifest("sample", labels: "sample", image: "nginx:1.25"));
        await WaitForJsonPathAsync(kubectl, "{.status.readyReplicas}", "3");
        var before = await PodsAsync(kubectl);

        await kubectl.SucceedAsync("patch", "clone", "sample", "--type=merge", "-p",
            """{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26"}]}},"updateStrategy":{"partition":1}}}""");
        await WaitForJsonPathAsync(kubectl, "{.status.updatedReadyReplicas}", "2");
        var after = await PodsAsync(kubectl);
        Assert.Equal(before.Keys.Order(), after.Keys.Order()); // same pods: updated in place, not recreated
        Assert.Equal(2, after.Values.Count(p => p is { Image: "nginx:1.26", Restarts: "1" }));
        Assert.Equal(1, after.Values.Count(p => p is { Image: "nginx:1.25", Restarts: "0" }));

        await kubectl.SucceedAsync("scale", "clone", "sample", "--replicas=4");
        await WaitForJsonPathAsync(kubectl, "{.status.readyReplicas}", "4");
    }

    static string Manifest(string name, string labels, string image) => $$"""
        apiVersion: apps.kruise.io/v1alpha1
        kind: CloneSet
        metadata:
          name: {{name}}
        spec:
          replicas: 3
          selector:
            matchLabels: {app: sample}
          template:
            metadata:
              labels: {app: {{labels}}}
            spec:
              containers:
              - name: nginx
                image: {{image}}
          updateStrategy:
            type: InPlaceIfPossible
        """;

    sealed record PodState(string Image, string Restarts);

    static async Task<Dictionary<string, PodState>> PodsAsync(Kubectl kubectl)
    {
        var lines = await kubectl.SucceedAsync("get", "pods", "-l", "app=sample", "-o",
            """jsonpath={range .items[*]}{.metadata.uid} {.spec.containers[0].image} {.status.containerStatuses[0].restartCount}{"\n"}{end}""");
        return lines.Trim().Split('\n').Select(l => l.Split(' ')).ToDictionary(p => p[0], p => new PodState(p[1], p[2]));
    }

    Task WaitForJsonPathAsync(Kubectl kubectl, string path, string expected) =>
        cluster.WaitForAsync(async () => (await kubectl.RunAsync("get", "clone", "sample", "-o", $"jsonpath={path}")).Stdout.Trim() == expected,
            $"clone/sample {path} = {expected}");
}
