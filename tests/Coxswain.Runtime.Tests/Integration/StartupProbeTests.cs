using Coxswain.Runtime.Tests.Integration.Support;
using k8s;
using k8s.Models;
using Xunit.Abstractions;
namespace Coxswain.Runtime.Tests.Integration;
public sealed class StartupProbeTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Starts()
    {
        var sw = System.Diagnostics.Stopwatch.StartNew();
        await using var cluster = await TestCluster.StartAsync();
        output.WriteLine($"start {sw.ElapsedMilliseconds}");
        sw.Restart();
        var list = await cluster.Client.CoreV1.ListNamespacedConfigMapAsync("default");
        output.WriteLine($"list {sw.ElapsedMilliseconds} {list.Items.Count} rv={list.Metadata.ResourceVersion}");
        sw.Restart();
        for (var i = 0; i < 50; i++) await cluster.Client.CoreV1.CreateNamespacedConfigMapAsync(new V1ConfigMap { Metadata = new() { Name = $"cm-{i}" } }, "default");
        output.WriteLine($"50 creates {sw.ElapsedMilliseconds}");
        sw.Restart();
        await using var c2 = await TestCluster.StartAsync();
        output.WriteLine($"start2 {sw.ElapsedMilliseconds}");
        sw.Restart();
        await using var c3 = await TestCluster.StartAsync();
        output.WriteLine($"start3 {sw.ElapsedMilliseconds}");
    }
}
