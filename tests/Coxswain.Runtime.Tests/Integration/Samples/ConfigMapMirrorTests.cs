using ConfigMapMirror;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Events;
using Coxswain.Runtime.Patching;
using Coxswain.Runtime.Relations;
using Coxswain.Runtime.Tests.Integration.Support;
using Coxswain.Runtime.Tests.Support;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace Coxswain.Runtime.Tests.Integration.Samples;

/// <summary>The sample controller, wired exactly as its Program does, against the local server.</summary>
public sealed class ConfigMapMirrorTests(ITestOutputHelper output)
{
    private const string Ns = "default";

    [Fact]
    public async Task Mirrors_opted_in_config_maps_with_owner_references_a_finalizer_events_and_metrics()
    {
        await using var cluster = await TestCluster.StartAsync();
        var configMaps = new ResourceClient<V1ConfigMap>(cluster.Client);
        await using var app = await ManagerHost.StartAsync(cluster, output, "configmap-mirror", builder => builder.AddConfigMapMirror(), leaseName: "configmap-mirror");

        var source = await configMaps.CreateAsync(Cluster.ConfigMap("settings", Ns,
            new Dictionary<string, string> { ["mode"] = "fast" }, new Dictionary<string, string> { [MirrorApp.EnabledLabel] = "true" }));
        await configMaps.CreateAsync(Cluster.ConfigMap("private", Ns, new Dictionary<string, string> { ["x"] = "y" }));

        await Eventually.TrueAsync(() => configMaps.GetOrDefaultAsync(Ns, "settings-mirror").Result is not null, "the mirror was created", 10_000);
        var mirror = await configMaps.GetAsync(Ns, "settings-mirror");
        Assert.Equal(new Dictionary<string, string> { ["mode"] = "fast" }, mirror.Data);
        Assert.True(OwnerReferences.IsControlledBy(mirror, source));
        Assert.Equal("settings", mirror.Metadata.Labels[MirrorApp.SourceLabel]);
        Assert.Equal(["mirror.coxswain.io/cleanup"], (await configMaps.GetAsync(Ns, "settings")).Metadata.Finalizers);

        await configMaps.PatchAsync(Ns, "settings", Patches.Merge(new() { ["data"] = new System.Text.Json.Nodes.JsonObject { ["mode"] = "safe", ["extra"] = "1" } }));
        await Eventually.TrueAsync(
            () => configMaps.GetAsync(Ns, "settings-mirror").Result.Data is { Count: 2 } data && data["mode"] == "safe", "the mirror followed the change");

        await configMaps.DeleteAsync(Ns, "settings");
        await Eventually.TrueAsync(
            () => configMaps.GetOrDefaultAsync(Ns, "settings").Result is null && configMaps.GetOrDefaultAsync(Ns, "settings-mirror").Result is null,
            "the source went away once its mirror was cleaned up",
            10_000);
        Assert.Null(await configMaps.GetOrDefaultAsync(Ns, "private-mirror"));

        await app.Host.Services.GetRequiredService<EventBroadcaster>().FlushAsync();
        var events = (await new ResourceClient<Eventsv1Event>(cluster.Client).ListAsync(Ns)).Items.Where(e => e.Regarding.Name == "settings").ToList();
        Assert.Equal(["Created", "Deleted", "Updated"], events.Select(e => e.Reason).Order());
        Assert.All(events, e => Assert.Equal(("coxswain.io/configmap-mirror", "Mirror"), (e.ReportingController, e.Action)));
        var metrics = (await app.GetAsync(app.Endpoints.MetricsAddress, "/metrics")).Body;
        Assert.Contains("configmap_mirror_writes_total{action=\"created\"} 1", metrics);
        Assert.Contains("configmap_mirror_writes_total{action=\"deleted\"} 1", metrics);
        Assert.Contains("controller_runtime_reconcile_total{controller=\"configmap-mirror\",result=\"success\"}", metrics);
        Assert.Contains("rest_client_requests_total{code=\"201\",method=\"POST\"", metrics);
    }
}
