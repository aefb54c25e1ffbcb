using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Tests.Nodes;

/// <summary>What the simulated kubelet makes of pods: timelines, statuses and events as a real kubelet reports them.</summary>
public sealed class PodLifecycleTests(SimulatedClusterFixture fixture) : IClassFixture<SimulatedClusterFixture>
{
    SimulatedCluster Cluster => fixture.Cluster;

    static JsonObject Pod(string name, string image = "nginx:1.27", Action<JsonObject>? customize = null) =>
        SimulatedCluster.PodManifest(name, image, customize);

    static void Annotate(JsonObject pod, string key, string value)
    {
        var meta = pod["metadata"]!.AsObject();
        if (meta["annotations"] is not JsonObject annotations) meta["annotations"] = annotations = new JsonObject();
        annotations["simulation.coxswain.io/" + key] = value;
    }

    [Fact]
    public async Task A_new_pod_is_scheduled_pulled_created_started_and_becomes_ready()
    {
        // An image no other test uses, so that no node has it yet.
        await Cluster.CreatePodAsync(Pod("web", "nginx:1.27.1"));

        var pod = await Cluster.WaitForRunningAndReadyAsync("web");
        var node = (string?)pod["spec"]?["nodeName"];
        Assert.StartsWith("coxswain-worker-", node);
        Assert.Matches(@"^10\.244\.[1-3]\.\d+$", (string?)pod["status"]?["podIP"]);
        Assert.Matches(@"^10\.0\.0\.[2-4]$", (string?)pod["status"]?["hostIP"]);
        Assert.NotNull((string?)pod["status"]?["startTime"]);
        var status = SimulatedCluster.ContainerStatus(pod);
        Assert.Equal("docker.io/library/nginx:1.27.1", (string?)status["image"]);
        Assert.StartsWith("docker.io/library/nginx@sha256:", (string?)status["imageID"]);
        Assert.StartsWith("containerd://", (string?)status["containerID"]);
        Assert.Equal(0, (int?)status["restartCount"]);
        Assert.True((bool?)status["started"]);
        Assert.True((bool?)status["ready"]);
        Assert.Equal(["PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady", "PodScheduled"],
            (pod["status"]!["conditions"] as JsonArray)!.Select(c => (string?)c!["type"]));

        await Cluster.WaitForEventsAsync("web", "Scheduled", "Pulling", "Pulled", "Created", "Started");
        var events = Cluster.EventsOf("web");
        Assert.Equal(["Scheduled", "Pulling", "Pulled", "Created", "Started"], events.Select(e => e.Reason));
        Assert.Equal($"Successfully assigned default/web to {node}", events[0].Message);
        Assert.Equal("default-scheduler", events[0].Component);
        Assert.Equal("Pulling image \"nginx:1.27.1\"", events[1].Message);
        Assert.Matches(@"^Successfully pulled image ""nginx:1\.27\.1"" in \d+ms \(\d+ms including waiting\)\. Image size: \d+ bytes\.$", events[2].Message);
        Assert.Equal("Created container: app", events[3].Message);
        Assert.Equal("Started container app", events[4].Message);
        Assert.All(events.Skip(1), e => Assert.Equal("kubelet", e.Component));
    }

    [Fact]
    public async Task The_same_image_on_the_same_node_is_already_present_and_keeps_its_digest()
    {
        await Cluster.CreatePodAsync(Pod("cache-1", "redis:7.2", p => p["spec"]!["nodeName"] = "coxswain-worker-1"));
        var first = await Cluster.WaitForRunningAndReadyAsync("cache-1");
        await Cluster.CreatePodAsync(Pod("cache-2", "redis:7.2", p => p["spec"]!["nodeName"] = "coxswain-worker-1"));
        var second = await Cluster.WaitForRunningAndReadyAsync("cache-2");
        await Cluster.WaitForEventsAsync("cache-1", "Pulling", "Started");
        await Cluster.WaitForEventsAsync("cache-2", "Pulled", "Started");

        Assert.Equal((string?)SimulatedCluster.ContainerStatus(first)["imageID"], (string?)SimulatedCluster.ContainerStatus(second)["imageID"]);
        var pulls = Cluster.EventsOf("cache-2").Where(e => e.Reason is "Pulling" or "Pulled").ToList();
        Assert.Equal([("Pulled", "Container image \"redis:7.2\" already present on machine", "kubelet")], pulls);
    }

    [Fact]
    public async Task Pending_with_ContainerCreating_until_the_start_delay_has_passed()
    {
        await Cluster.CreatePodAsync(Pod("slow", customize: p => Annotate(p, "start-delay", "0.6")));
        var pending = await Cluster.WaitForPodAsync("slow", p => p["status"]?["hostIP"] is not null, "admitted by a kubelet");
        Assert.Equal("Pending", (string?)pending["status"]?["phase"]);
        Assert.Equal("ContainerCreating", (string?)SimulatedCluster.ContainerStatus(pending)["state"]?["waiting"]?["reason"]);
        Assert.Equal("False", (string?)SimulatedCluster.Condition(pending, "Ready")?["status"]);
        Assert.Equal("containers with unready status: [app]", (string?)SimulatedCluster.Condition(pending, "Ready")?["message"]);
        Assert.Null(pending["status"]?["podIP"]);
        var started = DateTime.UtcNow;
        await Cluster.WaitForRunningAndReadyAsync("slow");
        Assert.True(DateTime.UtcNow - started > TimeSpan.FromMilliseconds(300));
    }

    [Fact]
    public async Task Init_containers_run_to_completion_one_after_another_before_the_app()
    {
        await Cluster.CreatePodAsync(Pod("initialized", customize: p =>
        {
            p["spec"]!["initContainers"] = new JsonArray(
                new JsonObject { ["name"] = "migrate", ["image"] = "busybox:1.36" },
                new JsonObject { ["name"] = "warm", ["image"] = "busybox:1.36" });
            // The test timings finish an init container in 20 ms, which a loaded machine folds into one status write;
            // "migrate" runs 2 s and exits 0, so its running state is there to be seen.
            Annotate(p, "crash-after.migrate", "2");
            Annotate(p, "exit-code.migrate", "0");
        }));

        var initializing = await Cluster.WaitForPodAsync("initialized",
            p => (p["status"]?["initContainerStatuses"] as JsonArray)?[0]?["state"]?["running"] is not null, "first init container running");
        Assert.Equal("PodInitializing", (string?)SimulatedCluster.ContainerStatus(initializing)["state"]?["waiting"]?["reason"]);
        Assert.Equal("containers with incomplete status: [migrate warm]",
            (string?)SimulatedCluster.Condition(initializing, "Initialized")?["message"]);

        var pod = await Cluster.WaitForRunningAndReadyAsync("initialized");
        var inits = (pod["status"]!["initContainerStatuses"] as JsonArray)!.Select(s => s!.AsObject()).ToList();
        Assert.All(inits, s =>
        {
            Assert.Equal("Completed", (string?)s["state"]?["terminated"]?["reason"]);
            Assert.Equal(0, (int?)s["state"]?["terminated"]?["exitCode"]);
        });
        var migrateDone = DateTimeOffset.Parse((string)inits[0]["state"]!["terminated"]!["finishedAt"]!);
        var warmStarted = DateTimeOffset.Parse((string)inits[1]["state"]!["terminated"]!["startedAt"]!);
        Assert.True(warmStarted >= migrateDone);
        Assert.Equal("True", (string?)SimulatedCluster.Condition(pod, "Initialized")?["status"]);
    }

    [Fact]
    public async Task A_readiness_probe_keeps_the_pod_unready_until_the_readiness_delay_has_passed()
    {
        await Cluster.CreatePodAsync(Pod("probed", customize: p =>
        {
            Annotate(p, "readiness-delay", "1.5");
            p["spec"]!["containers"]![0]!["readinessProbe"] = JsonNode.Parse("""{"httpGet":{"path":"/healthz","port":8080},"periodSeconds":1}""");
        }));

        var running = await Cluster.WaitForPodAsync("probed", p => (string?)p["status"]?["phase"] == "Running", "Running");
        Assert.False((bool?)SimulatedCluster.ContainerStatus(running)["ready"]);
        var unhealthy = await Cluster.WaitForPodAsync("probed", _ => Cluster.EventsOf("probed").Any(e => e.Reason == "Unhealthy"), "a failed probe");
        Assert.Contains(Cluster.EventsOf("probed"), e => e.Message == "Readiness probe failed: HTTP probe failed with statuscode: 503");
        Assert.False(SimulatedCluster.PodReady(unhealthy));

        var ready = await Cluster.WaitForRunningAndReadyAsync("probed");
        var startedAt = DateTimeOffset.Parse((string)SimulatedCluster.ContainerStatus(ready)["state"]!["running"]!["startedAt"]!);
        var readySince = DateTimeOffset.Parse((string)SimulatedCluster.Condition(ready, "Ready")!["lastTransitionTime"]!);
        // Probes run each second from the start; the first at or after 1.5s succeeds: at 2s.
        Assert.InRange((readySince - startedAt).TotalSeconds, 1, 3);
    }

    [Fact]
    public async Task Readiness_gates_hold_Ready_until_their_conditions_are_True()
    {
        await Cluster.CreatePodAsync(Pod("gated", customize: p =>
            p["spec"]!["readinessGates"] = JsonNode.Parse("""[{"conditionType":"example.com/in-place-update-ready"}]""")));

        var waiting = await Cluster.WaitForPodAsync("gated", p => (string?)SimulatedCluster.Condition(p, "ContainersReady")?["status"] == "True",
            "containers ready");
        var ready = SimulatedCluster.Condition(waiting, "Ready")!;
        Assert.Equal("False", (string?)ready["status"]);
        Assert.Equal("ReadinessGatesNotReady", (string?)ready["reason"]);
        Assert.Equal("corresponding condition of pod readiness gate \"example.com/in-place-update-ready\" does not exist.", (string?)ready["message"]);

        await SetGate("gated", "False");
        var stillWaiting = await Cluster.WaitForPodAsync("gated", p => ((string?)SimulatedCluster.Condition(p, "Ready")?["message"] ?? "").Contains("but False"),
            "gate reported False");
        Assert.Equal("the status of pod readiness gate \"example.com/in-place-update-ready\" is not \"True\", but False",
            (string?)SimulatedCluster.Condition(stillWaiting, "Ready")?["message"]);

        await SetGate("gated", "True");
        var pod = await Cluster.WaitForRunningAndReadyAsync("gated");
        Assert.Equal("True", (string?)SimulatedCluster.Condition(pod, "example.com/in-place-update-ready")?["status"]);
    }

    async Task SetGate(string pod, string value) =>
        await Cluster.Storage.GuaranteedUpdateAsync(BuiltInResources.Pods, "default", pod, null, new WriteOptions(), p =>
        {
            var conditions = p["status"]!["conditions"]!.AsArray();
            var existing = conditions.FirstOrDefault(c => (string?)c!["type"] == "example.com/in-place-update-ready");
            if (existing is not null) conditions.Remove(existing);
            conditions.Add(new JsonObject
            {
                ["type"] = "example.com/in-place-update-ready", ["status"] = value, ["lastProbeTime"] = null,
                ["lastTransitionTime"] = DateTimeOffset.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
            });
            return p;
        }, subresource: "status");

    [Fact]
    public async Task Changing_a_running_containers_image_restarts_it_in_place()
    {
        await Cluster.CreatePodAsync(Pod("in-place"));
        var before = await Cluster.WaitForRunningAndReadyAsync("in-place");
        var oldStatus = SimulatedCluster.ContainerStatus(before);

        await Cluster.Storage.GuaranteedUpdateAsync(BuiltInResources.Pods, "default", "in-place", null, new WriteOptions(), p =>
        {
            p["spec"]!["containers"]![0]!["image"] = "nginx:1.28";
            return p;
        });

        var after = await Cluster.WaitForPodAsync("in-place",
            p => SimulatedCluster.PodReady(p) && (string?)SimulatedCluster.ContainerStatus(p)["image"] == "docker.io/library/nginx:1.28", "new image ready");
        var status = SimulatedCluster.ContainerStatus(after);
        Assert.Equal((string?)before["metadata"]?["uid"], (string?)after["metadata"]?["uid"]);
        Assert.Equal(1, (int?)status["restartCount"]);
        Assert.NotEqual((string?)oldStatus["imageID"], (string?)status["imageID"]);
        Assert.StartsWith("docker.io/library/nginx@sha256:", (string?)status["imageID"]);
        Assert.NotEqual((string?)oldStatus["containerID"], (string?)status["containerID"]);
        var last = status["lastState"]?["terminated"];
        Assert.Equal((string?)oldStatus["containerID"], (string?)last?["containerID"]);
        Assert.Equal(0, (int?)last?["exitCode"]);
        await Cluster.WaitForEventAsync("in-place", e => e.Reason == "Killing" && e.Message == "Container app definition changed, will be restarted", "Killing");
        await Cluster.WaitForEventAsync("in-place", e => e.Reason == "Pulling" && e.Message == "Pulling image \"nginx:1.28\"", "Pulling the new image");
    }

    [Fact]
    public async Task A_crashing_container_restarts_at_once_then_backs_off_doubling()
    {
        // Fast options: back-off 200ms doubling to 2s.
        await Cluster.CreatePodAsync(Pod("crasher", customize: p =>
        {
            Annotate(p, "crash-after", "0.1");
            Annotate(p, "exit-code", "3");
        }));

        var looping = await Cluster.WaitForPodAsync("crasher",
            p => (string?)SimulatedCluster.ContainerStatus(p)["state"]?["waiting"]?["reason"] == "CrashLoopBackOff", "CrashLoopBackOff");
        var status = SimulatedCluster.ContainerStatus(looping);
        Assert.Equal("Running", (string?)looping["status"]?["phase"]);
        Assert.Equal(1, (int?)status["restartCount"]); // the first restart is immediate, the second waits
        Assert.Matches(@"^back-off 200ms restarting failed container=app pod=crasher_default\(.+\)$", (string?)status["state"]?["waiting"]?["message"]);
        Assert.Equal(3, (int?)status["lastState"]?["terminated"]?["exitCode"]);
        Assert.Equal("Error", (string?)status["lastState"]?["terminated"]?["reason"]);
        await Cluster.WaitForEventAsync("crasher", "BackOff");
        Assert.Contains(Cluster.EventsOf("crasher"), e => e.Reason == "BackOff" && e.Message.StartsWith("Back-off restarting failed container app in pod crasher_default("));

        var later = await Cluster.WaitForPodAsync("crasher",
            p => (string?)SimulatedCluster.ContainerStatus(p)["state"]?["waiting"]?["message"] is { } m && m.StartsWith("back-off 400ms"),
            "the second back-off");
        Assert.Equal(2, (int?)SimulatedCluster.ContainerStatus(later)["restartCount"]);
    }

    [Fact]
    public async Task A_container_that_ends_under_restartPolicy_Never_leaves_the_pod_Succeeded_or_Failed()
    {
        await Cluster.CreatePodAsync(Pod("job-ok", customize: p =>
        {
            p["spec"]!["restartPolicy"] = "Never";
            Annotate(p, "crash-after", "0.1");
            Annotate(p, "exit-code", "0");
        }));
        await Cluster.CreatePodAsync(Pod("job-failed", customize: p =>
        {
            p["spec"]!["restartPolicy"] = "Never";
            Annotate(p, "crash-after", "0.1");
        }));

        var ok = await Cluster.WaitForPodAsync("job-ok", p => (string?)p["status"]?["phase"] == "Succeeded", "Succeeded");
        Assert.Equal("Completed", (string?)SimulatedCluster.ContainerStatus(ok)["state"]?["terminated"]?["reason"]);
        Assert.Equal("PodCompleted", (string?)SimulatedCluster.Condition(ok, "Ready")?["reason"]);
        var failed = await Cluster.WaitForPodAsync("job-failed", p => (string?)p["status"]?["phase"] == "Failed", "Failed");
        Assert.Equal(1, (int?)SimulatedCluster.ContainerStatus(failed)["state"]?["terminated"]?["exitCode"]);
        Assert.Equal("PodFailed", (string?)SimulatedCluster.Condition(failed, "Ready")?["reason"]);
    }

    [Fact]
    public async Task An_image_that_cannot_be_pulled_goes_ErrImagePull_then_ImagePullBackOff_and_recovers_after_the_failures()
    {
        await Cluster.CreatePodAsync(Pod("unpullable", "example.com/team/app:v1", p => Annotate(p, "image-pull-failure", "2")));

        var backingOff = await Cluster.WaitForPodAsync("unpullable",
            p => (string?)SimulatedCluster.ContainerStatus(p)["state"]?["waiting"]?["reason"] == "ImagePullBackOff", "ImagePullBackOff");
        Assert.StartsWith("Back-off pulling image \"example.com/team/app:v1\": ErrImagePull: rpc error: code = NotFound",
            (string?)SimulatedCluster.ContainerStatus(backingOff)["state"]?["waiting"]?["message"]);
        await Cluster.WaitForEventAsync("unpullable", e => e.Reason == "Failed" && e.Message == "Error: ErrImagePull", "ErrImagePull");
        await Cluster.WaitForEventAsync("unpullable",
            e => e.Reason == "Failed" && e.Message.StartsWith("Failed to pull image \"example.com/team/app:v1\": rpc error"), "the pull failure");
        await Cluster.WaitForEventAsync("unpullable", e => e.Reason == "BackOff" && e.Message == "Back-off pulling image \"example.com/team/app:v1\"", "BackOff");

        var pod = await Cluster.WaitForRunningAndReadyAsync("unpullable");
        Assert.Equal("example.com/team/app:v1", (string?)SimulatedCluster.ContainerStatus(pod)["image"]);
    }

    [Fact]
    public async Task Graceful_deletion_stops_the_containers_and_the_kubelet_removes_the_pod()
    {
        await Cluster.CreatePodAsync(Pod("doomed", customize: p =>
        {
            p["spec"]!["terminationGracePeriodSeconds"] = 30;
            p["spec"]!["containers"]![0]!["lifecycle"] = JsonNode.Parse("""{"preStop":{"sleep":{"seconds":1}}}""");
        }));
        await Cluster.WaitForRunningAndReadyAsync("doomed");

        var (deleting, removed) = await Cluster.Storage.DeleteAsync(BuiltInResources.Pods, "default", "doomed", new DeleteOptions());
        Assert.False(removed);
        Assert.NotNull(deleting.ToJsonObject()["metadata"]?["deletionTimestamp"]);

        var started = DateTime.UtcNow;
        await Cluster.WaitUntilAsync(() => Cluster.Pod("doomed") is null, "the kubelet's final delete");
        // The preStop hook's second comes before SIGTERM; the 30s grace period is not waited out.
        Assert.InRange((DateTime.UtcNow - started).TotalSeconds, 0.8, 10);
        await Cluster.WaitForEventAsync("doomed", e => e.Reason == "Killing" && e.Message == "Stopping container app", "Killing");
    }

    [Fact]
    public async Task A_container_killed_by_SIGSEGV_leaves_a_core_file_where_its_core_pattern_points()
    {
        await Cluster.CreatePodAsync(Pod("segv", "example.com/crashy:1", p =>
        {
            p["spec"]!["restartPolicy"] = "Never";
            Annotate(p, "crash-after", "0.1");
            Annotate(p, "signal", "SIGSEGV");
            p["spec"]!["volumes"] = JsonNode.Parse("""[{"name":"cores","hostPath":{"path":"/var/coredumps","type":"DirectoryOrCreate"}}]""");
            p["spec"]!["containers"]![0]!["volumeMounts"] = JsonNode.Parse("""[{"name":"cores","mountPath":"/corefile"}]""");
        }));

        var failed = await Cluster.WaitForPodAsync("segv", p => (string?)p["status"]?["phase"] == "Failed", "Failed");
        Assert.Equal(139, (int?)SimulatedCluster.ContainerStatus(failed)["state"]?["terminated"]?["exitCode"]);
        var node = (string)failed["spec"]!["nodeName"]!;
        var directory = Path.Combine(Cluster.DataDir, "nodes", node, "var", "coredumps");
        var core = Assert.Single(Directory.GetFiles(directory));
        Assert.Matches(@"core\.crashy\.1\.segv\.\d+$", core);
        var bytes = await File.ReadAllBytesAsync(core);
        Assert.Equal("\u007fELF"u8.ToArray(), bytes[..4]);
        Assert.Equal(4, BitConverter.ToUInt16(bytes, 16)); // ET_CORE
    }
    [Fact]
    public async Task A_failing_liveness_probe_gets_the_container_killed_and_restarted()
    {
        await Cluster.CreatePodAsync(Pod("hung", customize: p =>
        {
            Annotate(p, "liveness-failure-after", "0.1");
            p["spec"]!["containers"]![0]!["livenessProbe"] = JsonNode.Parse("""{"tcpSocket":{"port":8080},"periodSeconds":1,"failureThreshold":1}""");
        }));

        var restarted = await Cluster.WaitForPodAsync("hung", p => (int?)SimulatedCluster.ContainerStatus(p)["restartCount"] >= 1, "restarted");
        var last = SimulatedCluster.ContainerStatus(restarted)["lastState"]?["terminated"];
        Assert.Equal(137, (int?)last?["exitCode"]);
        Assert.Equal("Error", (string?)last?["reason"]);
        var ip = (string?)restarted["status"]?["podIP"];
        await Cluster.WaitForEventAsync("hung", e => e.Reason == "Unhealthy" && e.Message == $"Liveness probe failed: dial tcp {ip}:8080: connect: connection refused",
            "Unhealthy");
        await Cluster.WaitForEventAsync("hung", e => e.Reason == "Killing" && e.Message == "Container app failed liveness probe, will be restarted", "Killing");
    }

    [Fact]
    public async Task A_pod_created_with_a_node_name_skips_the_scheduler_and_still_reports_PodScheduled()
    {
        await Cluster.CreatePodAsync(Pod("pinned", customize: p => p["spec"]!["nodeName"] = "coxswain-worker-3"));
        var pod = await Cluster.WaitForRunningAndReadyAsync("pinned");
        Assert.Equal("True", (string?)SimulatedCluster.Condition(pod, "PodScheduled")?["status"]);
        Assert.Matches(@"^10\.244\.3\.\d+$", (string?)pod["status"]?["podIP"]);
        await Cluster.WaitForEventAsync("pinned", "Started");
        Assert.DoesNotContain(Cluster.EventsOf("pinned"), e => e.Reason == "Scheduled");
    }
    [Fact]
    public async Task A_sidecar_starts_before_the_app_keeps_running_and_counts_for_readiness()
    {
        await Cluster.CreatePodAsync(Pod("with-sidecar", customize: p => p["spec"]!["initContainers"] = JsonNode.Parse(
            """[{"name":"proxy","image":"envoyproxy/envoy:v1.31","restartPolicy":"Always"}]""")));

        var pod = await Cluster.WaitForRunningAndReadyAsync("with-sidecar");
        var sidecar = (pod["status"]!["initContainerStatuses"] as JsonArray)![0]!;
        Assert.NotNull(sidecar["state"]?["running"]);
        Assert.True((bool?)sidecar["ready"]);
        var sidecarStarted = DateTimeOffset.Parse((string)sidecar["state"]!["running"]!["startedAt"]!);
        var appStarted = DateTimeOffset.Parse((string)SimulatedCluster.ContainerStatus(pod)["state"]!["running"]!["startedAt"]!);
        Assert.True(appStarted >= sidecarStarted);
    }

    [Fact]
    public async Task A_host_network_pod_has_its_nodes_address()
    {
        await Cluster.CreatePodAsync(Pod("host-net", customize: p => p["spec"]!["hostNetwork"] = true));
        var pod = await Cluster.WaitForRunningAndReadyAsync("host-net");
        Assert.Equal((string?)pod["status"]?["hostIP"], (string?)pod["status"]?["podIP"]);
    }
}
