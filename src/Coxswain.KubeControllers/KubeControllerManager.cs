using Coxswain.KubeControllers.DaemonSets;
using Coxswain.KubeControllers.Deployments;
using Coxswain.KubeControllers.Pods;
using Coxswain.KubeControllers.ReplicaSets;
using Coxswain.Runtime.Cache;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Controllers;
using Coxswain.Runtime.Events;
using Coxswain.Runtime.Expectations;
using Coxswain.Runtime.Filters;
using Coxswain.Runtime.Informers;
using Coxswain.Runtime.Relations;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coxswain.KubeControllers;

/// <summary>
/// The built-in workload controllers of kube-controller-manager — ReplicaSet, Deployment, DaemonSet — as ordinary
/// Coxswain.Runtime controllers: they talk to the API server through a KubernetesClient like any other client, share
/// one informer per kind, and report as <c>replicaset-controller</c>, <c>deployment-controller</c> and
/// <c>daemonset-controller</c> (upstream's event sources).
/// </summary>
public sealed class KubeControllerManager : IAsyncDisposable
{
    private readonly SharedInformerFactory _informers;
    private readonly EventBroadcaster _events;
    private readonly IReadOnlyList<Controller> _controllers;
    private readonly CancellationTokenSource _stopping = new();
    private Task? _running;

    public KubeControllerManager(Kubernetes client, ILoggerFactory? loggerFactory = null, TimeProvider? time = null, int workersPerController = 5)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        time ??= TimeProvider.System;
        _informers = new SharedInformerFactory(new KubernetesListWatchClientFactory(client), loggerFactory, time);
        // kube-controller-manager's workload controllers write legacy core/v1 Events (what kubectl describe shows).
        _events = new EventBroadcaster(
            client, new EventBroadcasterOptions { Api = EventApi.CoreV1, TimeProvider = time }, loggerFactory.CreateLogger("Coxswain.KubeControllers.Events"));
        var pods = new ResourceClient<V1Pod>(client) { DefaultFieldManager = "kube-controller-manager" };
        var replicaSets = new ResourceClient<V1ReplicaSet>(client) { DefaultFieldManager = "kube-controller-manager" };
        var deployments = new ResourceClient<V1Deployment>(client) { DefaultFieldManager = "kube-controller-manager" };
        var daemonSets = new ResourceClient<V1DaemonSet>(client) { DefaultFieldManager = "kube-controller-manager" };
        var revisions = new ResourceClient<V1ControllerRevision>(client) { DefaultFieldManager = "kube-controller-manager" };
        // Claiming reads a controller's own children and its namespace's orphans by index (the stores' default owner and
        // orphan indexes), not the whole namespace.
        var podStore = _informers.Get<V1Pod>().Store;
        void Options(ControllerOptions o) => o.MaxConcurrentReconciles = workersPerController;

        // ReplicaSets: their pods (with expectations) and orphans their selector matches.
        var rsExpectations = new UidTrackingControllerExpectations(logger: loggerFactory.CreateLogger("Coxswain.KubeControllers.ReplicaSets"));
        var rsBuilder = ControllerBuilder.For<V1ReplicaSet>(_informers).Named("replicaset").WithOptions(Options);
        var rsStore = rsBuilder.Store;
        var replicaSetController = rsBuilder
            .WithSource(OwnedPodSource.Create(_informers, ApiResource.For<V1ReplicaSet>(), rsExpectations,
                pod => rsStore.InNamespace(pod.Metadata.NamespaceProperty).Where(rs => LabelSelectors.Matches(rs.Spec.Selector, pod.Metadata.Labels))))
            .Build(new ReplicaSetReconciler(replicaSets, pods, rsStore, podStore, rsExpectations,
                new PodControl(pods, _events.NewRecorder("replicaset-controller")), time));

        // Deployments: their ReplicaSets, and pods (Recreate waits for old pods to end).
        var deploymentRecorder = _events.NewRecorder("deployment-controller");
        var dBuilder = ControllerBuilder.For<V1Deployment>(_informers).Named("deployment").WithOptions(Options);
        var dStore = dBuilder.Store;
        var deploymentController = dBuilder
            .Owns<V1ReplicaSet>()
            .Watches<V1ReplicaSet>(rs => OwnerReferences.GetControllerOf(rs) is null
                ? dStore.InNamespace(rs.Metadata.NamespaceProperty).Where(d => LabelSelectors.Matches(d.Spec.Selector, rs.Metadata.Labels)).Select(d => ReconcileRequest.For(d))
                : [])
            .Watches<V1Pod>(pod => PodDeploymentOwner(pod, rsStore), Predicates.DeletionRequested)
            .Build(new DeploymentReconciler(deployments, replicaSets, dStore, rsStore, podStore, deploymentRecorder, time));

        // DaemonSets: their pods (with expectations), nodes coming, going or changing, their revisions.
        var dsExpectations = new UidTrackingControllerExpectations(logger: loggerFactory.CreateLogger("Coxswain.KubeControllers.DaemonSets"));
        var dsBuilder = ControllerBuilder.For<V1DaemonSet>(_informers).Named("daemonset").WithOptions(Options);
        var dsStore = dsBuilder.Store;
        var dsRecorder = _events.NewRecorder("daemonset-controller");
        var history = new DaemonSetHistory(revisions, daemonSets, _informers.Get<V1ControllerRevision>().Store);
        var daemonSetController = dsBuilder
            .WithSource(OwnedPodSource.Create(_informers, ApiResource.For<V1DaemonSet>(), dsExpectations,
                pod => dsStore.InNamespace(pod.Metadata.NamespaceProperty).Where(ds => LabelSelectors.Matches(ds.Spec.Selector, pod.Metadata.Labels))))
            .Owns<V1ControllerRevision>()
            .Watches<V1Node>(_ => dsStore.List().Select(ds => ReconcileRequest.For(ds)), NodePlacementChanged)
            .Build(new DaemonSetReconciler(daemonSets, pods, dsStore, podStore, _informers.Get<V1Node>().Store, history, dsExpectations,
                new PodControl(pods, dsRecorder), dsRecorder, time));

        _controllers = [replicaSetController, deploymentController, daemonSetController];
    }

    /// <summary>Runs the controllers (and their informers) until <paramref name="stoppingToken"/> is cancelled.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        try
        {
            await Task.WhenAll(_controllers.Select(c => c.RunAsync(stoppingToken))).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping is the normal end.
        }
    }

    /// <summary>Runs the controllers in the background until the manager is disposed.</summary>
    public KubeControllerManager Start()
    {
        _running ??= RunAsync(_stopping.Token);
        return this;
    }

    /// <summary>Stops the controllers started by <see cref="Start"/>, then their informers and event writer.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_running is not null)
        {
            await _running.ConfigureAwait(false);
        }

        await _events.DisposeAsync().ConfigureAwait(false);
        await _informers.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    /// <summary>A pod of a Deployment's ReplicaSet: the Deployment, so Recreate sees old pods finish.</summary>
    private static IEnumerable<ReconcileRequest> PodDeploymentOwner(V1Pod pod, Store<V1ReplicaSet> rsStore) =>
        OwnerReferences.GetControllerOf(pod) is { Kind: "ReplicaSet" } rsRef
        && rsStore.Get(pod.Metadata.NamespaceProperty, rsRef.Name) is { } rs
        && OwnerReferences.GetControllerOf(rs) is { Kind: "Deployment" } dRef
            ? [new ReconcileRequest(pod.Metadata.NamespaceProperty, dRef.Name)]
            : [];

    /// <summary>Node updates that can change where daemons belong: labels, taints, unschedulable, readiness.</summary>
    private static readonly Predicate NodePlacementChanged = new("NodePlacementChanged", (o, n) =>
        o is V1Node old && n is V1Node node
        && (!SameLabels(old.Metadata.Labels, node.Metadata.Labels)
            || KubernetesJson.Serialize(old.Spec?.Taints ?? []) != KubernetesJson.Serialize(node.Spec?.Taints ?? [])
            || old.Spec?.Unschedulable != node.Spec?.Unschedulable
            || Ready(old) != Ready(node)));

    private static bool SameLabels(IDictionary<string, string>? a, IDictionary<string, string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a ?? new Dictionary<string, string>()).All(p => b!.TryGetValue(p.Key, out var v) && v == p.Value);

    private static string? Ready(V1Node node) => node.Status?.Conditions?.FirstOrDefault(c => c.Type == "Ready")?.Status;
}
