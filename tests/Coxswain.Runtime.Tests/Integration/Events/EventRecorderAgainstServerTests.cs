using Coxswain.Runtime.Client;
using Coxswain.Runtime.Events;
using Coxswain.Runtime.Tests.Integration.Support;
using Coxswain.Runtime.Tests.Support;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Integration.Events;

/// <summary>events.k8s.io/v1 Events written to the local server, with client-go's aggregation of repeats.</summary>
public sealed class EventRecorderAgainstServerTests
{
    private const string Ns = "default";
    private const string Controller = "coxswain.io/test-controller";

    [Fact]
    public async Task Writes_an_event_about_the_object_with_reason_action_note_and_reporter()
    {
        await using var cluster = await TestCluster.StartAsync();
        var regarding = await new ResourceClient<V1ConfigMap>(cluster.Client).CreateAsync(Cluster.ConfigMap("settings", Ns));
        var related = await new ResourceClient<V1ConfigMap>(cluster.Client).CreateAsync(Cluster.ConfigMap("settings-mirror", Ns));
        await using var broadcaster = new EventBroadcaster(cluster.Client);
        var recorder = broadcaster.NewRecorder(Controller);

        recorder.Normal(regarding, "Mirrored", "Mirror", "Mirrored settings into settings-mirror", related);
        await broadcaster.FlushAsync();

        var ev = Assert.Single(await EventsAsync(cluster));
        Assert.Matches("^settings\\.[0-9a-f]+$", ev.Metadata.Name);
        Assert.Equal(
            ("Normal", "Mirrored", "Mirror", "Mirrored settings into settings-mirror", Controller, $"{Controller}-{Environment.MachineName}"),
            (ev.Type, ev.Reason, ev.Action, ev.Note, ev.ReportingController, ev.ReportingInstance));
        Assert.Equal(("v1", "ConfigMap", "settings", Ns, regarding.Metadata.Uid), (ev.Regarding.ApiVersion, ev.Regarding.Kind, ev.Regarding.Name, ev.Regarding.NamespaceProperty, ev.Regarding.Uid));
        Assert.Equal("settings-mirror", ev.Related.Name);
        Assert.NotNull(ev.EventTime);
        Assert.Null(ev.Series);
    }

    [Fact]
    public async Task Writes_legacy_core_v1_events_when_asked_and_counts_repeats_in_them()
    {
        await using var cluster = await TestCluster.StartAsync();
        var regarding = await new ResourceClient<V1ConfigMap>(cluster.Client).CreateAsync(Cluster.ConfigMap("settings", Ns));
        await using var broadcaster = new EventBroadcaster(cluster.Client, new EventBroadcasterOptions { Api = EventApi.CoreV1 });
        var recorder = broadcaster.NewRecorder("replicaset-controller");

        recorder.Normal(regarding, "SuccessfulCreate", "Create", "Created pod: web-abcde");
        recorder.Normal(regarding, "SuccessfulCreate", "Create", "Created pod: web-abcde");
        await broadcaster.FlushAsync();

        var ev = Assert.Single((await cluster.Client.CoreV1.ListNamespacedEventAsync(Ns)).Items);
        Assert.Equal(
            ("Normal", "SuccessfulCreate", "Created pod: web-abcde", "replicaset-controller", "replicaset-controller", 2),
            (ev.Type, ev.Reason, ev.Message, ev.Source.Component, ev.ReportingComponent, ev.Count));
        Assert.Equal(("ConfigMap", "settings", regarding.Metadata.Uid), (ev.InvolvedObject.Kind, ev.InvolvedObject.Name, ev.InvolvedObject.Uid));
        Assert.NotNull(ev.FirstTimestamp);
        // One stored Event, served by events.k8s.io/v1 too with its field names.
        var served = Assert.Single(await EventsAsync(cluster));
        Assert.Equal(("Created pod: web-abcde", "replicaset-controller", 2, "settings"),
            (served.Note, served.ReportingController, served.DeprecatedCount, served.Regarding.Name));
    }

    [Fact]
    public async Task Folds_repeats_into_a_series_written_at_the_second_occurrence_and_refreshed_periodically()
    {
        await using var cluster = await TestCluster.StartAsync();
        var regarding = await new ResourceClient<V1ConfigMap>(cluster.Client).CreateAsync(Cluster.ConfigMap("settings", Ns));
        await using var broadcaster = new EventBroadcaster(cluster.Client, new EventBroadcasterOptions { SeriesRefreshInterval = TimeSpan.FromMilliseconds(500) });
        var recorder = broadcaster.NewRecorder(Controller);

        recorder.Warning(regarding, "SyncFailed", "Sync", "attempt 1");
        await broadcaster.FlushAsync();
        var single = Assert.Single(await EventsAsync(cluster));
        recorder.Warning(regarding, "SyncFailed", "Sync", "attempt 2");
        await broadcaster.FlushAsync();
        var series = Assert.Single(await EventsAsync(cluster));
        for (var attempt = 3; attempt <= 5; attempt++)
        {
            recorder.Warning(regarding, "SyncFailed", "Sync", $"attempt {attempt}");
        }

        await broadcaster.FlushAsync();
        var beforeRefresh = Assert.Single(await EventsAsync(cluster));

        Assert.Null(single.Series);
        Assert.Equal((single.Metadata.Name, 2, "attempt 1"), (series.Metadata.Name, series.Series.Count, series.Note));
        Assert.Equal(2, beforeRefresh.Series.Count);
        await Eventually.TrueAsync(() => EventsAsync(cluster).Result.Single().Series.Count == 5, "the refresh wrote the series' count");

        recorder.Normal(regarding, "Synced", "Sync", "finally");
        await broadcaster.FlushAsync();
        Assert.Equal(2, (await EventsAsync(cluster)).Count);
    }

    [Fact]
    public void Event_types_other_than_normal_and_warning_are_refused()
    {
        var recorder = new EventBroadcaster(new Kubernetes(new KubernetesClientConfiguration { Host = "https://api.example.invalid" })).NewRecorder(Controller);

        var error = Assert.Throws<ArgumentException>(() => recorder.Publish(Objects.ConfigMap("a"), "Critical", "R", "A", "n"));

        Assert.StartsWith("Unsupported event type: 'Critical'", error.Message);
    }

    private static async Task<IList<Eventsv1Event>> EventsAsync(TestCluster cluster) =>
        (await new ResourceClient<Eventsv1Event>(cluster.Client).ListAsync(Ns)).Items;
}
