using System.Diagnostics;
using System.Text.Json.Nodes;
using Coxswain.Bench.Runner;
using Coxswain.Bench.Support;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.CustomResources;
using Coxswain.LocalCluster.Kubelet;
using Coxswain.LocalCluster.Storage;

namespace Coxswain.Bench.Benchmarks;

/// <summary>
/// The simulated kubelet's pod status writes, the most frequent write of a running cluster (three or more per pod started),
/// through the API's update semantics — the kubelet's <see cref="PodStatusDraft"/> merged into the stored pod, the
/// status-subresource split, managedFields bookkeeping, update validation, the no-op check — against the floor: the
/// same merge written straight into the store by a raw compare-and-swap (parse, merge, serialize, commit, watch event).
/// The difference is what the API semantics cost per write. In-process and in memory, so only CPU is measured.
/// </summary>
public sealed class StatusWrites : IBenchmark
{
    public string Name => "status-writes";

    public string Description => "kubelet pod status writes through the API's update semantics vs raw store CAS updates of the same merge";

    public async Task<BenchmarkReport> RunAsync(BenchOptions options, CancellationToken ct)
    {
        var pods = options.Int("pods", 2000);
        var rounds = Math.Max(2, options.Int("rounds", 6));
        var concurrency = options.Int("concurrency", 16);

        var catalog = ResourceCatalog.WithBuiltIns();
        await using var store = new ObjectStore(new MemoryRevisionLog(), new ObjectAttributesFactory(catalog).Compute);
        var storage = new ResourceStorage(store, catalog,
            new ObjectStrategies(new BuiltInStrategy(new ServiceIpAllocator(store)), new CustomResourceStrategy()));
        await storage.CreateAsync(BuiltInResources.Namespaces, null, new JsonObject { ["metadata"] = new JsonObject { ["name"] = PodManifest.Namespace } },
            new WriteOptions()).ConfigureAwait(false);
        var names = Enumerable.Range(0, pods).Select(i => $"pod-{i:D6}").ToArray();
        var uids = new Dictionary<string, string>();
        foreach (var name in names)
        {
            var pod = JsonNode.Parse(PodManifest.Json(name))!.AsObject();
            pod["spec"]!["nodeName"] = "coxswain-worker-1";
            var created = await storage.CreateAsync(BuiltInResources.Pods, PodManifest.Namespace, pod, new WriteOptions(FieldManager: "kube-controller-manager"))
                .ConfigureAwait(false);
            uids[name] = created.Attributes.Uid;
        }

        Console.WriteLine($"  {pods} pods created; warming up");
        var ours = new Side("API update (status subresource)", (name, draft) =>
            storage.GuaranteedUpdateAsync(BuiltInResources.Pods, PodManifest.Namespace, name, null, new WriteOptions(FieldManager: "kubelet"),
                draft.ApplyTo, subresource: "status"));
        var raw = new Side("raw store CAS", async (name, draft) =>
        {
            var key = ObjectKeys.For(BuiltInResources.Pods, PodManifest.Namespace, name);
            while (true)
            {
                var current = store.Get(key)!;
                try
                {
                    return await store.UpdateAsync(key, current.Revision, draft.ApplyTo(current.ToJsonObject())).ConfigureAwait(false);
                }
                catch (RevisionMismatchException)
                {
                }
            }
        });

        var step = 0;
        await ours.RunAsync(names, uids, step++, concurrency, measure: false).ConfigureAwait(false);
        await raw.RunAsync(names, uids, step++, concurrency, measure: false).ConfigureAwait(false);
        for (var round = 0; round < rounds; round++)
        {
            Console.WriteLine($"  round {round + 1}/{rounds}");
            foreach (var side in round % 2 == 0 ? new[] { ours, raw } : [raw, ours])
                await side.RunAsync(names, uids, step++, concurrency, measure: true).ConfigureAwait(false);
        }

        var sizes = names.Select(n => store.Get(ObjectKeys.For(BuiltInResources.Pods, PodManifest.Namespace, n))!.Value.Length).ToList();
        return new BenchmarkReport(Name, raw.Name,
        [
            new Comparison("status writes/s", "ops/s", ours.PerSecond, raw.PerSecond),
            new Comparison("CPU per write", "us", ours.CpuMicrosPerWrite, raw.CpuMicrosPerWrite),
            new Comparison("allocated per write", "KB", ours.AllocatedKbPerWrite, raw.AllocatedKbPerWrite),
        ],
        [
            $"{pods} realistic pods (~1.5 KB spec), {concurrency} writes in flight, {rounds} alternating rounds of one write per pod; " +
            "each write flips the container between ready and not ready with a new condition time, as the kubelet's status manager writes it",
            ours.Describe(), raw.Describe(),
            $"stored pod size after the writes: {sizes.Average():0} bytes on average (largest {sizes.Max()})",
        ]);
    }

    /// <summary>The kubelet's status of a running one-container pod, ready or not, at a time that moves every step.</summary>
    static PodStatusDraft Draft(string uid, int step)
    {
        var ready = step % 2 == 0;
        var at = DateTimeOffset.UnixEpoch.AddYears(56).AddSeconds(step);
        var container = new JsonObject
        {
            ["name"] = "api",
            ["state"] = new JsonObject { ["running"] = new JsonObject { ["startedAt"] = "2026-11-29T03:00:00Z" } },
            ["lastState"] = new JsonObject(),
            ["ready"] = ready,
            ["restartCount"] = 0,
            ["image"] = "registry.example.com/shop/checkout:1.24.3",
            ["imageID"] = "registry.example.com/shop/checkout@sha256:5f0c7e3d9a1b2c4d6e8f0a1b3c5d7e9f1a2b4c6d8e0f2a3b5c7d9e1f3a5b7c9d",
            ["containerID"] = "containerd://0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0",
            ["started"] = true,
        };
        return new PodStatusDraft(uid, "Running", "10.0.0.2", "10.244.1.7", DateTimeOffset.UnixEpoch.AddYears(56), null, [container],
            SandboxReady: true, IncompleteInitContainers: [], UnreadyContainers: ready ? [] : ["api"], ReadinessGates: [], At: at);
    }

    sealed class Side(string name, Func<string, PodStatusDraft, Task<StoredObject>> write)
    {
        long writes;
        TimeSpan elapsed;
        ProcessCost cost = ProcessCost.Zero;

        public string Name => name;
        public double PerSecond => writes / elapsed.TotalSeconds;
        public double CpuMicrosPerWrite => cost.Cpu.TotalMicroseconds / writes;
        public double AllocatedKbPerWrite => cost.AllocatedBytes / 1024.0 / writes;

        public async Task RunAsync(string[] names, Dictionary<string, string> uids, int step, int concurrency, bool measure)
        {
            var meter = ProcessMeter.Start();
            var clock = Stopwatch.StartNew();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < names.Length)
                    await write(names[i], Draft(uids[names[i]], step)).ConfigureAwait(false);
            }))).ConfigureAwait(false);
            if (!measure) return;
            elapsed += clock.Elapsed;
            writes += names.Length;
            cost = cost.Add(meter.Elapsed());
        }

        public string Describe() => $"{name}: {writes} writes in {elapsed.TotalSeconds:0.00} s; {cost.Describe()}";
    }
}
