using System.Collections.Concurrent;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Controllers;
using Coxswain.Runtime.Filters;
using Coxswain.Runtime.Informers;
using Coxswain.Runtime.Observability;
using Coxswain.Runtime.Tests.Support;
using k8s.Models;
using static Coxswain.Runtime.Tests.Support.WatchEvents;

namespace Coxswain.Runtime.Tests.Controllers;

/// <summary>The builder wired to scripted API servers: requests flow from primary, owned and related watches.</summary>
public sealed class ControllerBuilderTests : IAsyncDisposable
{
    private readonly FakeListWatchClientFactory _clients = new();
    private readonly SharedInformerFactory _informers;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<ReconcileRequest> _calls = new();
    private Task? _run;

    public ControllerBuilderTests()
    {
        _informers = new SharedInformerFactory(_clients);
    }

    [Fact]
    public async Task Reconciles_primaries_and_the_owners_of_changed_children_after_the_caches_sync()
    {
        var deployments = _clients.For<V1Deployment>(ApiResource.For<V1Deployment>());
        var pods = _clients.For<V1Pod>(ApiResource.For<V1Pod>());
        deployments.EnqueueList("1", null, Objects.Deployment("web"));
        var deploymentWatch = deployments.EnqueueLiveWatch();
        pods.EnqueueList("1", null, Objects.Pod("web-1", owners: Objects.Owner("apps/v1", "Deployment", "web")));
        var podWatch = pods.EnqueueLiveWatch();

        Start(ControllerBuilder.For<V1Deployment>(_informers).Owns<V1Pod>().Build(Record));

        // The deployment and its pod both request "web"; depending on timing the two coalesce or run back to back.
        await Eventually.TrueAsync(() => _calls.Count >= 1, "the initial list was reconciled");
        await Eventually.SettleAsync();
        Assert.All(_calls, call => Assert.Equal(new ReconcileRequest("default", "web"), call));

        _calls.Clear();
        await podWatch.WriteAsync(Modified(Objects.Pod("web-1", resourceVersion: "2", owners: Objects.Owner("apps/v1", "Deployment", "web"))));
        await Eventually.TrueAsync(() => !_calls.IsEmpty, "the owner of the changed pod was reconciled");
        Assert.Equal("related object updated: Pod.v1./web-1.default", _calls.Single().Reason);

        _calls.Clear();
        await deploymentWatch.WriteAsync(Modified(Objects.Deployment("web", generation: 2, resourceVersion: "3")));
        await Eventually.TrueAsync(() => !_calls.IsEmpty, "the changed deployment was reconciled");
        Assert.Equal("object updated", _calls.Single().Reason);
    }

    [Fact]
    public async Task The_event_filter_drops_uninteresting_updates_of_the_primary()
    {
        var deployments = _clients.For<V1Deployment>(ApiResource.For<V1Deployment>());
        deployments.EnqueueList("1", null, Objects.Deployment("web"));
        var watch = deployments.EnqueueLiveWatch();
        Start(ControllerBuilder.For<V1Deployment>(_informers).WithEventFilter(Predicates.GenerationChanged).Build(Record));
        await Eventually.TrueAsync(() => _calls.Count == 1, "initial reconcile");

        await watch.WriteAsync(Modified(Objects.Deployment("web", generation: 1, resourceVersion: "2")));
        await watch.WriteAsync(Modified(Objects.Deployment("web", generation: 2, resourceVersion: "3")));

        await Eventually.TrueAsync(() => _calls.Count == 2, "the spec change was reconciled");
        await Eventually.SettleAsync();
        Assert.Equal(2, _calls.Count);
    }

    [Fact]
    public async Task Watches_maps_related_objects_and_owned_children_can_be_cached_as_metadata_only()
    {
        var deployments = _clients.For<V1Deployment>(ApiResource.For<V1Deployment>());
        var configMaps = _clients.For<V1ConfigMap>(ApiResource.For<V1ConfigMap>());
        var podMetadata = _clients.For<PartialObjectMetadata>(ApiResource.For<V1Pod>());
        deployments.EnqueueList("1", null);
        deployments.EnqueueWatch([], thenHang: true);
        configMaps.EnqueueList("1", null);
        var configMapWatch = configMaps.EnqueueLiveWatch();
        podMetadata.EnqueueList("1", null);
        var podWatch = podMetadata.EnqueueLiveWatch();
        Start(ControllerBuilder.For<V1Deployment>(_informers)
            .Owns<V1Pod>(metadataOnly: true)
            .Watches<V1ConfigMap>(cm => [new ReconcileRequest(cm.Metadata.NamespaceProperty, "consumer-of-" + cm.Metadata.Name)])
            .Build(Record));

        await configMapWatch.WriteAsync(Added(Objects.ConfigMap("settings", resourceVersion: "2")));
        await podWatch.WriteAsync(Added(new PartialObjectMetadata
        {
            Metadata = new V1ObjectMeta
            {
                Name = "web-1", NamespaceProperty = "default", ResourceVersion = "3",
                OwnerReferences = [Objects.Owner("apps/v1", "Deployment", "web")],
            },
        }));

        await Eventually.TrueAsync(() => _calls.Count == 2, "both related changes were reconciled");
        Assert.Equal(["consumer-of-settings", "web"], _calls.Select(c => c.Name).Order());
        Assert.Contains(_calls, c => c.Reason == "related object updated: ConfigMap.v1./settings.default");
        Assert.Contains(_calls, c => c.Reason == "related object updated: Pod.v1./web-1.default");
    }

    [Fact]
    public async Task BuildForObject_hands_the_cached_object_to_the_reconciler()
    {
        var deployments = _clients.For<V1Deployment>(ApiResource.For<V1Deployment>());
        deployments.EnqueueList("1", null, Objects.Deployment("web", generation: 7));
        deployments.EnqueueWatch([], thenHang: true);
        var generations = new ConcurrentQueue<long?>();

        var builder = ControllerBuilder.For<V1Deployment>(_informers).Named("deployments").WithOptions(o => o.Metrics = new RuntimeMetrics(Prometheus.Metrics.NewCustomRegistry()));
        var controller = builder.BuildForObject((deployment, _) =>
        {
            generations.Enqueue(deployment.Metadata.Generation);
            return Task.FromResult(ReconcileResult.Done);
        });
        _run = controller.RunAsync(_stop.Token);

        await Eventually.TrueAsync(() => generations.Count == 1, "reconciled with the object");
        Assert.Equal(7, generations.Single());
        Assert.Equal("deployments", controller.Name);
        Assert.Same(builder.Store, _informers.Get<V1Deployment>().Store);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_run is not null)
        {
            await _run.WaitAsync(TimeSpan.FromSeconds(10));
        }

        await _informers.DisposeAsync();
    }

    private void Start(Controller controller) => _run = controller.RunAsync(_stop.Token);

    private Task<ReconcileResult> Record(ReconcileRequest request, CancellationToken cancellationToken)
    {
        _calls.Enqueue(request);
        return Task.FromResult(ReconcileResult.Done);
    }
}
