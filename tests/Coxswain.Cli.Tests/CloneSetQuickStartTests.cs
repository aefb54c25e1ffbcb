using System.Diagnostics;

namespace Coxswain.Cli.Tests;

/// <summary>
/// The README's CloneSet quick start, step by step, against <c>coxswain up</c>: kruise-controller-manager runs as
/// process-backed pods installed from the manifests, its webhooks are called by the API server, and the real kubectl
/// drives a CloneSet through creation, a denied invalid object, an in-place update with partition and a scale.
/// </summary>
public sealed class CloneSetQuickStartTests : IDisposable
{
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task The_quick_start_works_step_by_step()
    {
        using var up = CoxswainCli.Start("up", "--data-dir", directory.File("data"), "--port", "0", "--in-memory");
        await WaitForAsync(() => up.Output.Contains("export KUBECONFIG="), "coxswain up to start", up);
        Directory.CreateDirectory(directory.File("home"));
        var kubectl = new Kubectl(directory.File("data", "kubeconfig"), directory.File("home"));

        await kubectl.SucceedAsync(["rollout", "status", "deployment/kruise-controller-manager", "-n", "kruise-system", "--timeout=120s"], timeout: Patience);
        var managers = await kubectl.SucceedAsync("get", "pods", "-n", "kruise-system", "-l", "control-plane=controller-manager", "-o", "name");
        Assert.Equal(2, managers.Trim().Split('\n').Length);

        var bad = await kubectl.RunAsync(["apply", "-f", "-"], Manifest("bad", labels: "other", image: "nginx:1.25"));
        Assert.NotEqual(0, bad.ExitCode);
        Assert.Contains("admission webhook \"vcloneset.kb.io\" denied the request: spec.template.metadata.labels: Invalid value:", bad.Stderr);
        Assert.Contains("`selector` does not match template `labels`", bad.Stderr);

        await kubectl.SucceedAsync(["apply", "-f", "-"], Manifest("sample", labels: "sample", image: "nginx:1.25"));
        await WaitForJsonPathAsync(kubectl, "{.status.readyReplicas}", "3", up);
        var before = await PodsAsync(kubectl);

        await kubectl.SucceedAsync("patch", "clone", "sample", "--type=merge", "-p",
            """{"spec":{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:1.26"}]}},"updateStrategy":{"partition":1}}}""");
        await WaitForJsonPathAsync(kubectl, "{.status.updatedReadyReplicas}", "2", up);
        var after = await PodsAsync(kubectl);
        Assert.Equal(before.Keys.Order(), after.Keys.Order()); // same pods: updated in place, not recreated
        Assert.Equal(2, after.Values.Count(p => p is { Image: "nginx:1.26", Restarts: "1" }));
        Assert.Equal(1, after.Values.Count(p => p is { Image: "nginx:1.25", Restarts: "0" }));

        await kubectl.SucceedAsync("scale", "clone", "sample", "--replicas=4");
        await WaitForJsonPathAsync(kubectl, "{.status.readyReplicas}", "4", up);

        Assert.Equal(0, await up.TerminateAsync(TimeSpan.FromSeconds(60)));
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

    static Task WaitForJsonPathAsync(Kubectl kubectl, string path, string expected, RunningCommand up) =>
        WaitForAsync(async () => (await kubectl.RunAsync("get", "clone", "sample", "-o", $"jsonpath={path}")).Stdout.Trim() == expected,
            $"clone/sample {path} = {expected}", up);

    static Task WaitForAsync(Func<bool> condition, string what, RunningCommand up) => WaitForAsync(() => Task.FromResult(condition()), what, up);

    static async Task WaitForAsync(Func<Task<bool>> condition, string what, RunningCommand up)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (await condition()) return;
            Assert.False(up.HasExited, $"coxswain up exited while waiting for {what}:\n{up.Output}");
            await Task.Delay(500);
        }
        throw new TimeoutException($"waited {Patience} for {what}; coxswain up printed:\n{up.Output}");
    }
}
