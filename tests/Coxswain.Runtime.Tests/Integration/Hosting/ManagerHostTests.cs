using System.Collections.Concurrent;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Controllers;
using Coxswain.Runtime.Hosting;
using Coxswain.Runtime.Observability;
using Coxswain.Runtime.Tests.Integration.Support;
using Coxswain.Runtime.Tests.Support;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Prometheus;
using Xunit.Abstractions;

namespace Coxswain.Runtime.Tests.Integration.Hosting;

/// <summary>Two replicas of a manager on the Generic Host: one leads and reconciles, both serve probes and metrics.</summary>
public sealed class ManagerHostTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Only_the_leader_reconciles_while_every_replica_serves_probes_and_metrics_and_a_graceful_stop_hands_over()
    {
        await using var cluster = await TestCluster.StartAsync();
        var reconciled = new ConcurrentQueue<string>();
        await using var first = await StartReplicaAsync(cluster, "first", reconciled);
        await Eventually.TrueAsync(() => first.Manager.Elector?.IsLeader == true, "the first replica leads");
        await using var second = await StartReplicaAsync(cluster, "second", reconciled);

        await Eventually.TrueAsync(() => second.GetAsync(second.Endpoints.HealthProbeAddress, "/readyz").Result.Status == 200, "the follower is ready: its caches are warm");
        Assert.Equal((200, "ok"), await second.GetAsync(second.Endpoints.HealthProbeAddress, "/healthz"));
        Assert.Contains("leader_election_master_status{name=\"test-manager\"} 0", (await second.GetAsync(second.Endpoints.MetricsAddress, "/metrics")).Body);
        Assert.Contains("leader_election_master_status{name=\"test-manager\"} 1", (await first.GetAsync(first.Endpoints.MetricsAddress, "/metrics")).Body);
        Assert.Contains("controller_runtime_max_concurrent_reconciles{controller=\"configmap\"} 1", (await first.GetAsync(first.Endpoints.MetricsAddress, "/metrics")).Body);

        await new ResourceClient<V1ConfigMap>(cluster.Client).CreateAsync(Cluster.ConfigMap("work", "default"));
        await Eventually.TrueAsync(() => reconciled.Contains("first: work"), "the leader reconciled the new object");
        await Task.Delay(300);
        Assert.DoesNotContain("second: work", reconciled);
        Assert.False(second.Manager.IsRunningControllers);

        await first.StopAsync();
        await Eventually.TrueAsync(() => reconciled.Contains("second: work"), "the new leader reconciled everything it had cached", 5000);
        var lease = await new ResourceClient<V1Lease>(cluster.Client).GetAsync("default", "test-manager");
        Assert.Equal((second.Manager.Elector!.Identity, 1), (lease.Spec.HolderIdentity, lease.Spec.LeaseTransitions));
    }

    [Fact]
    public async Task Without_leader_election_the_controllers_run_at_once()
    {
        await using var cluster = await TestCluster.StartAsync();
        var reconciled = new ConcurrentQueue<string>();
        await new ResourceClient<V1ConfigMap>(cluster.Client).CreateAsync(Cluster.ConfigMap("early", "default"));

        await using var replica = await StartReplicaAsync(cluster, "solo", reconciled, leaseName: null);

        await Eventually.TrueAsync(() => reconciled.Contains("solo: early"), "the object was reconciled");
        Assert.Null(replica.Manager.Elector);
        Assert.Equal(200, (await replica.GetAsync(replica.Endpoints.HealthProbeAddress, "/readyz")).Status);
    }

    private Task<ManagerHost> StartReplicaAsync(TestCluster cluster, string name, ConcurrentQueue<string> reconciled, string? leaseName = "test-manager") =>
        ManagerHost.StartAsync(cluster, output, name, builder =>
        {
            // Each replica has its own registry, as separate processes would.
            builder.Services.AddSingleton(new RuntimeMetrics(new CollectorRegistry()));
            builder.Services.AddSingleton(new ReconcileLog(name, reconciled));
            builder.Services.AddCoxswainManager(builder.Configuration)
                .AddController<V1ConfigMap, LoggingReconciler>(controller => controller.InNamespace("default"));
        }, leaseName);

    private sealed record ReconcileLog(string Replica, ConcurrentQueue<string> Entries);

    private sealed class LoggingReconciler(ReconcileLog log) : IObjectReconciler<V1ConfigMap>
    {
        public Task<ReconcileResult> ReconcileAsync(V1ConfigMap obj, CancellationToken cancellationToken)
        {
            log.Entries.Enqueue($"{log.Replica}: {obj.Metadata.Name}");
            return Task.FromResult(ReconcileResult.Done);
        }
    }
}
