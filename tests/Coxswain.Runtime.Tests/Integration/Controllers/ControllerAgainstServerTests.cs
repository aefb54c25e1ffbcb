using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Controllers;
using Coxswain.Runtime.Expectations;
using Coxswain.Runtime.Finalizers;
using Coxswain.Runtime.Informers;
using Coxswain.Runtime.Observability;
using Coxswain.Runtime.Patching;
using Coxswain.Runtime.Relations;
using Coxswain.Runtime.Tests.Integration.Support;
using Coxswain.Runtime.Tests.Support;
using k8s;
using k8s.Models;
using Prometheus;
using Xunit.Abstractions;

namespace Coxswain.Runtime.Tests.Integration.Controllers;

/// <summary>Controllers reconciling real objects of the local server: relations, finalizers and expectations end to end.</summary>
public sealed class ControllerAgainstServerTests(ITestOutputHelper output)
{
    private const string Ns = "controlled";
    private const string CleanupFinalizer = "test.coxswain.io/cleanup";

    [Fact]
    public async Task Reconciles_every_object_and_the_owner_of_every_owned_object()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.NamespaceAsync(Ns);
        var log = new RequestLog();
        using var client = cluster.NewClient(log);
        var configMaps = new ResourceClient<V1ConfigMap>(client) { DefaultFieldManager = "test-controller" };
        await using var informers = new SharedInformerFactory(new KubernetesListWatchClientFactory(cluster.Client), new TestOutputLoggerFactory(output, Microsoft.Extensions.Logging.LogLevel.Trace));
        var reasons = new ConcurrentQueue<string>();
        var controller = ControllerBuilder.For<V1ConfigMap>(informers, Fast.Watcher)
            .InNamespace(Ns)
            .Owns<V1Secret>(metadataOnly: true, watcherOptions: Fast.Watcher)
            .WithOptions(o => (o.MaxConcurrentReconciles, o.Metrics) = (2, new RuntimeMetrics(new CollectorRegistry())))
            .Build(async (request, ct) =>
            {
                reasons.Enqueue($"{request.Name}: {request.Reason}");
                await configMaps.PatchAsync(request.Namespace, request.Name, Patches.Merge(new JsonObject
                {
                    ["metadata"] = new JsonObject { ["annotations"] = new JsonObject { ["reconciled"] = "true" } },
                }), cancellationToken: ct);
                return ReconcileResult.Done;
            });
        await using var run = new ControllerRun(controller);

        for (var i = 0; i < 5; i++)
        {
            await configMaps.CreateAsync(Cluster.ConfigMap($"cm-{i}", Ns));
        }

        await Eventually.TrueAsync(
            () => informers.Get<V1ConfigMap>(Ns, Fast.Watcher).Store.List().Count(c => c.Metadata.Annotations?.ContainsKey("reconciled") == true) == 5,
            "every ConfigMap was reconciled");
        var owner = await configMaps.GetAsync(Ns, "cm-0");
        var secret = new V1Secret { Metadata = new V1ObjectMeta { Name = "child", NamespaceProperty = Ns } };
        OwnerReferences.SetControllerReference(owner, secret);
        await cluster.Client.CoreV1.CreateNamespacedSecretAsync(secret, Ns);

        await Eventually.TrueAsync(() => reasons.Contains("cm-0: related object updated: Secret.v1./child.controlled"), "the owner was reconciled for its child");
        output.WriteLine(string.Join("\n", reasons));
        Assert.All(reasons, r => Assert.StartsWith("cm-", r));
        Assert.All(log.Entries.Where(e => e.Method == "PATCH"), p => Assert.Equal("test-controller", p.Query("fieldManager")));
    }

    [Fact]
    public async Task The_finalizer_flow_guards_deletion_and_never_deadlocks()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.NamespaceAsync(Ns);
        var configMaps = new ResourceClient<V1ConfigMap>(cluster.Client);
        await using var informers = new SharedInformerFactory(new KubernetesListWatchClientFactory(cluster.Client), new TestOutputLoggerFactory(output, Microsoft.Extensions.Logging.LogLevel.Trace));
        var applied = new ConcurrentQueue<string>();
        var cleanupAttempts = new ConcurrentDictionary<string, int>();
        var controller = ControllerBuilder.For<V1ConfigMap>(informers, Fast.Watcher)
            .InNamespace(Ns)
            .WithOptions(o => o.Metrics = new RuntimeMetrics(new CollectorRegistry()))
            .BuildForObject((cm, ct) => Finalizer.RunAsync(
                configMaps,
                cm,
                CleanupFinalizer,
                (live, _) =>
                {
                    applied.Enqueue(live.Metadata.Name);
                    return Task.FromResult(ReconcileResult.Done);
                },
                (doomed, _) =>
                {
                    // The first cleanup of each object fails: the flow must retry it rather than give up or hang.
                    return cleanupAttempts.AddOrUpdate(doomed.Metadata.Name, 1, (_, n) => n + 1) == 1
                        ? throw new InvalidOperationException("external resource busy")
                        : Task.FromResult(ReconcileResult.Done);
                },
                ct));
        await using var run = new ControllerRun(controller);

        await configMaps.CreateAsync(Cluster.ConfigMap("solo", Ns));
        var shared = Cluster.ConfigMap("shared", Ns);
        shared.Metadata.Finalizers = ["other.io/keep"];
        await configMaps.CreateAsync(shared);
        await Eventually.TrueAsync(() => applied.Contains("solo") && applied.Contains("shared"), "both objects were applied after the finalizer was added");
        Assert.Equal([CleanupFinalizer], (await configMaps.GetAsync(Ns, "solo")).Metadata.Finalizers);
        Assert.Equal(["other.io/keep", CleanupFinalizer], (await configMaps.GetAsync(Ns, "shared")).Metadata.Finalizers);

        await configMaps.DeleteAsync(Ns, "solo");
        await configMaps.DeleteAsync(Ns, "shared");

        await Eventually.TrueAsync(() => configMaps.GetOrDefaultAsync(Ns, "solo").Result is null, "the object was deleted once cleanup succeeded");
        await Eventually.TrueAsync(
            () => configMaps.GetAsync(Ns, "shared").Result.Metadata.Finalizers is ["other.io/keep"], "only our own finalizer was removed");
        Assert.Equal(2, cleanupAttempts["solo"]);
        Assert.NotNull((await configMaps.GetAsync(Ns, "shared")).Metadata.DeletionTimestamp);
    }

    [Fact]
    public async Task Expectations_keep_a_controller_from_creating_twice_what_it_has_not_observed_yet()
    {
        const int Replicas = 3;
        await using var cluster = await TestCluster.StartAsync();
        await cluster.Client.NamespaceAsync(Ns);
        var configMaps = new ResourceClient<V1ConfigMap>(cluster.Client);
        var secrets = new ResourceClient<V1Secret>(cluster.Client);
        await using var informers = new SharedInformerFactory(new KubernetesListWatchClientFactory(cluster.Client), new TestOutputLoggerFactory(output, Microsoft.Extensions.Logging.LogLevel.Trace));
        var children = informers.Get<V1Secret>(Ns, Fast.Watcher).Store;
        var expectations = new ControllerExpectations();
        var skipped = 0;
        var controller = ControllerBuilder.For<V1ConfigMap>(informers, Fast.Watcher)
            .InNamespace(Ns)
            .Owns<V1Secret>(watcherOptions: Fast.Watcher, expectations: expectations)
            .ResyncEvery(TimeSpan.FromMilliseconds(20))
            .WithOptions(o => o.Metrics = new RuntimeMetrics(new CollectorRegistry()))
            .BuildForObject(async (parent, ct) =>
            {
                var key = ReconcileRequest.For(parent).ToString();
                if (!expectations.SatisfiedExpectations(key))
                {
                    Interlocked.Increment(ref skipped);
                    return ReconcileResult.Done;
                }

                var missing = Replicas - children.OwnedBy(parent.Metadata.Uid).Count;
                if (missing <= 0)
                {
                    return ReconcileResult.Done;
                }

                expectations.ExpectCreations(key, missing);
                for (var i = 0; i < missing; i++)
                {
                    var child = new V1Secret { Metadata = new V1ObjectMeta { GenerateName = "child-", NamespaceProperty = Ns } };
                    OwnerReferences.SetControllerReference(parent, child);
                    try
                    {
                        await secrets.CreateAsync(child, cancellationToken: ct);
                    }
                    catch
                    {
                        // A creation that failed will never be observed.
                        expectations.CreationObserved(key);
                        throw;
                    }
                }

                return ReconcileResult.Done;
            });
        await using var run = new ControllerRun(controller);

        await configMaps.CreateAsync(Cluster.ConfigMap("parent", Ns));
        await Eventually.TrueAsync(() => children.Count == Replicas, "the children were created");
        await Task.Delay(300);

        Assert.Equal(Replicas, (await secrets.ListAsync(Ns)).Items.Count);
        Assert.True(expectations.GetExpectations($"{Ns}/parent")!.Fulfilled);
        Assert.True(Volatile.Read(ref skipped) > 0, "a resync arrived while the creations were still unobserved");
    }
}
