using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Tests.Nodes;

/// <summary>pods/binding and pods/log over HTTPS, as schedulers and kubectl use them.</summary>
public sealed class PodSubresourceHttpTests(SimulatedClusterFixture fixture) : IClassFixture<SimulatedClusterFixture>
{
    SimulatedCluster Cluster => fixture.Cluster;

    static string Binding(string pod, string node, string? uid = null) =>
        new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Binding",
            ["metadata"] = uid is null ? new JsonObject { ["name"] = pod } : new JsonObject { ["name"] = pod, ["uid"] = uid },
            ["target"] = new JsonObject { ["apiVersion"] = "v1", ["kind"] = "Node", ["name"] = node },
        }.ToJsonString();

    [Fact]
    public async Task Posting_a_Binding_assigns_the_pod_and_a_second_one_conflicts()
    {
        // A scheduler of its own: the default scheduler leaves the pod alone.
        await Cluster.CreatePodAsync(SimulatedCluster.PodManifest("bound", customize: p => p["spec"]!["schedulerName"] = "my-scheduler"));

        var (code, body) = await Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/bound/binding", Binding("bound", "coxswain-worker-2"));
        Assert.Equal(201, code);
        Assert.Equal("""{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Success","code":201}""", body);
        var pod = Cluster.Pod("bound")!;
        Assert.Equal("coxswain-worker-2", (string?)pod["spec"]?["nodeName"]);
        Assert.Equal("True", (string?)SimulatedCluster.Condition(pod, "PodScheduled")?["status"]);
        await Cluster.WaitForRunningAndReadyAsync("bound");

        (code, body) = await Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/bound/binding", Binding("bound", "coxswain-worker-1"));
        Assert.Equal(409, code);
        var status = JsonNode.Parse(body)!;
        Assert.Equal("Conflict", (string?)status["reason"]);
        Assert.Equal("Operation cannot be fulfilled on pods/binding \"bound\": pod bound is already assigned to node \"coxswain-worker-2\"",
            (string?)status["message"]);
    }

    [Fact]
    public async Task A_Binding_is_checked_before_anything_is_written()
    {
        await Cluster.CreatePodAsync(SimulatedCluster.PodManifest("unbound", customize: p => p["spec"]!["schedulerName"] = "my-scheduler"));

        var (code, body) = await Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/unbound/binding", Binding("other", "coxswain-worker-1"));
        Assert.Equal(400, code);
        Assert.Equal("name in URL does not match name in Binding object", (string?)JsonNode.Parse(body)!["message"]);

        (code, body) = await Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/unbound/binding",
            Binding("unbound", "coxswain-worker-1", uid: "not-the-uid"));
        Assert.Equal(409, code);
        Assert.StartsWith("Operation cannot be fulfilled on pods \"unbound\": Precondition failed: UID in precondition: not-the-uid",
            (string?)JsonNode.Parse(body)!["message"]);

        (code, body) = await Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/missing/binding", Binding("missing", "coxswain-worker-1"));
        Assert.Equal(404, code);
        Assert.Equal("pods \"missing\" not found", (string?)JsonNode.Parse(body)!["message"]);

        (code, body) = await Cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/pods/unbound/binding",
            """{"apiVersion":"v1","kind":"Binding","metadata":{"name":"unbound"},"target":{"kind":"Pod"}}""");
        Assert.Equal(500, code);
        Assert.Equal("""[target.kind: Unsupported value: "Pod": supported values: "Node", "<empty>", target.name: Required value]""",
            (string?)JsonNode.Parse(body)!["message"]);
        Assert.Equal("", (string?)Cluster.Pod("unbound")!["spec"]?["nodeName"] ?? "");
    }

    [Fact]
    public async Task Logs_show_the_simulated_containers_lifecycle_with_the_usual_options()
    {
        await Cluster.CreatePodAsync(SimulatedCluster.PodManifest("chatty", customize: p =>
        {
            p["metadata"]!["annotations"] = new JsonObject { ["simulation.coxswain.io/crash-after"] = "0.2", ["simulation.coxswain.io/signal"] = "SIGTERM" };
        }));
        await Cluster.WaitForPodAsync("chatty", p => (int?)SimulatedCluster.ContainerStatus(p)["restartCount"] >= 1, "restarted once");

        var (code, current) = await Cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/chatty/log");
        Assert.Equal(200, code);
        Assert.StartsWith("coxswain-sim: container app started (image docker.io/library/nginx:1.27, node coxswain-worker-", current);

        (code, var previous) = await Cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/chatty/log?previous=true");
        Assert.Equal(200, code);
        var lines = previous.TrimEnd('\n').Split('\n');
        Assert.Equal("coxswain-sim: received SIGTERM", lines[^1]);

        (_, var tail) = await Cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/chatty/log?previous=true&tailLines=1&timestamps=true");
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z coxswain-sim: received SIGTERM\n$", tail);

        (_, var limited) = await Cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/chatty/log?previous=true&limitBytes=12");
        Assert.Equal("coxswain-sim", limited);
    }

    [Fact]
    public async Task Following_a_log_streams_until_the_container_exits()
    {
        await Cluster.CreatePodAsync(SimulatedCluster.PodManifest("followed", customize: p =>
        {
            p["spec"]!["restartPolicy"] = "Never";
            p["metadata"]!["annotations"] = new JsonObject { ["simulation.coxswain.io/crash-after"] = "0.5", ["simulation.coxswain.io/exit-code"] = "0" };
        }));
        await Cluster.WaitForRunningAndReadyAsync("followed");

        var (code, body) = await Cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/followed/log?follow=true");
        Assert.Equal(200, code);
        Assert.EndsWith("coxswain-sim: exiting with code 0\n", body);
    }

    [Fact]
    public async Task Log_requests_are_answered_as_kube_apiserver_and_the_kubelet_answer_them()
    {
        await Cluster.CreatePodAsync(SimulatedCluster.PodManifest("two", customize: p =>
        {
            p["spec"]!["containers"]!.AsArray().Add(new JsonObject { ["name"] = "sidecar", ["image"] = "busybox:1.36" });
            p["spec"]!["initContainers"] = new JsonArray(new JsonObject { ["name"] = "setup", ["image"] = "busybox:1.36" });
            p["metadata"]!["annotations"] = new JsonObject { ["simulation.coxswain.io/start-delay"] = "30" };
        }));
        await Cluster.WaitForPodAsync("two", p => p["status"]?["hostIP"] is not null, "admitted");

        async Task<(int, string)> Get(string query)
        {
            var (code, body) = await Cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/pods/two/log" + query);
            return (code, (string?)JsonNode.Parse(body)?["message"] ?? body);
        }

        Assert.Equal((400, "a container name must be specified for pod two, choose one of: [app sidecar] or one of the init containers: [setup]"),
            await Get(""));
        Assert.Equal((400, "container nope is not valid for pod two"), await Get("?container=nope"));
        Assert.Equal((400, "container \"app\" in pod \"two\" is waiting to start: PodInitializing"), await Get("?container=app"));
        Assert.Equal((400, "previous terminated container \"app\" in pod \"two\" not found"), await Get("?container=app&previous=true"));
        var (code, message) = await Get("?container=app&tailLines=-1");
        Assert.Equal(422, code);
        Assert.Equal("PodLogOptions \"two\" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0", message);
        (code, message) = await Get("?container=app&sinceSeconds=5&sinceTime=2024-01-01T00:00:00Z");
        Assert.Equal(422, code);
        Assert.Equal("PodLogOptions \"two\" is invalid: : Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified", message);

        await Cluster.Storage.DeleteAsync(BuiltInResources.Pods, "default", "two", new DeleteOptions(GracePeriodSeconds: 0));
    }
}
