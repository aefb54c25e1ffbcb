using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.Apis.CustomResources;
using Coxswain.LocalCluster.Nodes;
using Coxswain.LocalCluster.Server;
using Coxswain.LocalCluster.Tests.Api;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Events;
using Coxswain.Runtime.Informers;
using Coxswain.Workloads.CloneSets;
using k8s.Models;

namespace Coxswain.Workloads.Tests.Support;

/// <summary>
/// The local cluster's test fixture with three fast simulated nodes, the CloneSet CRD installed and the CloneSet
/// controller running in process against it over HTTPS, as kruise-manager runs against a real cluster.
/// </summary>
public sealed class WorkloadCluster : TestCluster
{
    readonly CancellationTokenSource _stop = new();
    SharedInformerFactory? _informers;
    EventBroadcaster? _events;
    Task? _run;

    /// <summary>Reconcile failures, for the message of a test that times out.</summary>
    public System.Collections.Concurrent.ConcurrentQueue<string> Errors { get; } = new();

    public ResourceClient<CloneSet> CloneSets => new(Client);
    public ResourceClient<V1Pod> Pods => new(Client);

    protected override void Configure(LocalClusterOptions options)
    {
        options.Nodes = 3;
        options.NodeSimulation = NodeSimulationOptions.Fast();
    }

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await CrdInstallation.InstallAsync(Client, typeof(CloneSet));
        _informers = new SharedInformerFactory(new KubernetesListWatchClientFactory(Client));
        _events = new EventBroadcaster(Client);
        var expectations = new CloneSetExpectations();
        var reconciler = new CloneSetReconciler(CloneSets, Pods, new ResourceClient<V1ControllerRevision>(Client),
            new ResourceClient<V1PersistentVolumeClaim>(Client), _informers, expectations, _events);
        var controller = CloneSetController.Configure(Runtime.Controllers.ControllerBuilder.For<CloneSet>(_informers), expectations)
            .WithOptions(o => o.MaxConcurrentReconciles = 3)
            .BuildForObject(async (cloneSet, ct) =>
            {
                try
                {
                    return await reconciler.ReconcileAsync(cloneSet, ct);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    Errors.Enqueue(e.ToString());
                    throw;
                }
            });
        _run = Task.Run(() => controller.RunAsync(_stop.Token));
    }

    public override async Task DisposeAsync()
    {
        await _stop.CancelAsync();
        try { if (_run is not null) await _run; } catch (OperationCanceledException) { }
        if (_events is not null) await _events.DisposeAsync();
        if (_informers is not null) await _informers.DisposeAsync();
        await base.DisposeAsync();
    }

    public async Task<List<V1Pod>> PodsOfAsync(string ns, string cloneSet) =>
        (await Pods.ListAsync(ns, new ListRequest { LabelSelector = $"app={cloneSet}" })).Items
            .Where(p => p.Metadata.DeletionTimestamp is null).ToList();
}
