using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Tests.Api;

namespace Coxswain.LocalCluster.Tests.Workloads;

/// <summary>apps/v1 Deployments, ReplicaSets and DaemonSets as the API server serves them: defaults, validation, scale.</summary>
public sealed class AppsWorkloadResourceTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    const string Minimal = """
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"NAME"},
         "spec":{"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"LABEL"}},
         "spec":{"containers":[{"name":"nginx","image":"nginx"}]}}}}
        """;

    [Fact]
    public async Task A_minimal_deployment_gets_kube_apiservers_defaults()
    {
        var (code, body) = await cluster.SendAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/default/deployments", Minimal.Replace("NAME", "defaults").Replace("LABEL", "web"));

        Assert.Equal(201, code);
        var spec = body!["spec"]!;
        Assert.Equal(1, (int)spec["replicas"]!);
        Assert.Equal("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":"25%","maxSurge":"25%"}}""", spec["strategy"]!.ToJsonString());
        Assert.Equal((10, 600), ((int)spec["revisionHistoryLimit"]!, (int)spec["progressDeadlineSeconds"]!));
        Assert.Equal(("Always", "ClusterFirst", "default-scheduler"),
            ((string?)spec["template"]!["spec"]!["restartPolicy"], (string?)spec["template"]!["spec"]!["dnsPolicy"], (string?)spec["template"]!["spec"]!["schedulerName"]));
        Assert.Equal(1, (int)body["metadata"]!["generation"]!);
    }

    [Fact]
    public async Task A_selector_that_does_not_match_the_template_is_rejected_with_upstreams_message()
    {
        var (code, body) = await cluster.SendAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/default/deployments", Minimal.Replace("NAME", "mismatch").Replace("LABEL", "other"));

        Assert.Equal(422, code);
        Assert.Equal(
            "Deployment.apps \"mismatch\" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}: `selector` does not match template `labels`",
            (string?)body!["message"]);
    }

    [Fact]
    public async Task Selectors_are_immutable_and_scale_goes_through_the_scale_subresource()
    {
        await cluster.SendAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/default/deployments", Minimal.Replace("NAME", "fixed").Replace("LABEL", "web"));

        var (code, body) = await cluster.SendAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/default/deployments/fixed",
            """{"spec":{"selector":{"matchLabels":{"app":"web","tier":"x"}},"template":{"metadata":{"labels":{"app":"web","tier":"x"}}}}}""",
            "application/merge-patch+json");
        Assert.Equal(422, code);
        Assert.Contains("spec.selector: Invalid value:", (string?)body!["message"]);
        Assert.Contains("field is immutable", (string?)body["message"]);

        (code, body) = await cluster.SendAsync(HttpMethod.Patch, "/apis/apps/v1/namespaces/default/deployments/fixed/scale",
            """{"spec":{"replicas":4}}""", "application/merge-patch+json");
        Assert.Equal(200, code);
        Assert.Equal(("Scale", 4), ((string?)body!["kind"], (int)body["spec"]!["replicas"]!));
        var (_, deployment) = await cluster.SendAsync(HttpMethod.Get, "/apis/apps/v1/namespaces/default/deployments/fixed");
        Assert.Equal((4, 2), ((int)deployment!["spec"]!["replicas"]!, (int)deployment["metadata"]!["generation"]!));
    }

    [Fact]
    public async Task A_daemon_set_defaults_to_a_rolling_update_of_one_node_at_a_time()
    {
        var (code, body) = await cluster.SendAsync(HttpMethod.Post, "/apis/apps/v1/namespaces/default/daemonsets", """
            {"apiVersion":"apps/v1","kind":"DaemonSet","metadata":{"name":"agent"},
             "spec":{"selector":{"matchLabels":{"app":"agent"}},"template":{"metadata":{"labels":{"app":"agent"}},
             "spec":{"containers":[{"name":"agent","image":"busybox"}]}}}}
            """);

        Assert.Equal(201, code);
        Assert.Equal("""{"type":"RollingUpdate","rollingUpdate":{"maxUnavailable":1,"maxSurge":0}}""", body!["spec"]!["updateStrategy"]!.ToJsonString());
        Assert.Equal(10, (int)body["spec"]!["revisionHistoryLimit"]!);
        Assert.IsType<JsonObject>(body["status"]);
    }
}
