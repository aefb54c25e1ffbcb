using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using static Coxswain.LocalCluster.Tests.Validation.ValidationAssert;

namespace Coxswain.LocalCluster.Tests.Validation;

public class PodDefaultingTests
{
    static readonly ResourceDefinition Pods = BuiltInResources.Pods;

    static JsonObject Pod(string containers = """[{"name":"app","image":"nginx"}]""", string extraSpec = "") =>
        ParseJson($$$"""{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default"},"spec":{{{{extraSpec}}}"containers":{{{containers}}}}}""");

    [Fact]
    public void MinimalPodGetsEverythingKubeApiserverFillsIn()
    {
        var pod = Pod();
        Assert.Empty(Create(Pods, pod));

        var expectedSpec = ParseJson("""
            {
              "containers": [{
                "name": "app", "image": "nginx", "imagePullPolicy": "Always",
                "terminationMessagePath": "/dev/termination-log", "terminationMessagePolicy": "File", "resources": {}
              }],
              "dnsPolicy": "ClusterFirst", "restartPolicy": "Always", "securityContext": {}, "terminationGracePeriodSeconds": 30,
              "schedulerName": "default-scheduler", "enableServiceLinks": true,
              "serviceAccountName": "default", "serviceAccount": "default", "priority": 0, "preemptionPolicy": "PreemptLowerPriority",
              "tolerations": [
                {"key": "node.kubernetes.io/not-ready", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300},
                {"key": "node.kubernetes.io/unreachable", "operator": "Exists", "effect": "NoExecute", "tolerationSeconds": 300}
              ]
            }
            """);
        Assert.True(JsonNode.DeepEquals(expectedSpec, pod["spec"]), pod["spec"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(ParseJson("""{"phase":"Pending","qosClass":"BestEffort"}"""), pod["status"]));
        Assert.Equal(1, (int)pod["metadata"]!["generation"]!);
    }

    [Theory]
    [InlineData("nginx", "Always")]
    [InlineData("nginx:latest", "Always")]
    [InlineData("nginx:1.27", "IfNotPresent")]
    [InlineData("registry.local:5000/team/app", "Always")]
    [InlineData("registry.local:5000/team/app:v2", "IfNotPresent")]
    [InlineData("nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "IfNotPresent")]
    [InlineData("nginx:latest@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef", "Always")]
    public void ImagePullPolicyFollowsTheTag(string image, string expected)
    {
        var pod = Pod($$"""[{"name":"app","image":"{{image}}"}]""");
        Create(Pods, pod);
        Assert.Equal(expected, (string?)pod["spec"]!["containers"]![0]!["imagePullPolicy"]);
    }

    [Fact]
    public void PortsDefaultToTcpAndProbesGetTheirCounters()
    {
        var pod = Pod("""[{"name":"app","image":"nginx","ports":[{"containerPort":80}],"livenessProbe":{"httpGet":{"port":80}}}]""");
        Assert.Empty(Create(Pods, pod));
        var container = pod["spec"]!["containers"]![0]!;
        Assert.Equal("TCP", (string?)container["ports"]![0]!["protocol"]);
        Assert.True(JsonNode.DeepEquals(
            ParseJson("""{"httpGet":{"port":80,"path":"/","scheme":"HTTP"},"timeoutSeconds":1,"periodSeconds":10,"successThreshold":1,"failureThreshold":3}"""),
            container["livenessProbe"]));
    }

    [Fact]
    public void VolumesGetASourceAndFileModes()
    {
        var pod = Pod(extraSpec: """ "volumes":[{"name":"scratch"},{"name":"cfg","configMap":{"name":"c"}}], """);
        Assert.Empty(Create(Pods, pod));
        Assert.True(JsonNode.DeepEquals(ParseJson("""{"name":"scratch","emptyDir":{}}"""), pod["spec"]!["volumes"]![0]));
        Assert.Equal(420, (int)pod["spec"]!["volumes"]![1]!["configMap"]!["defaultMode"]!);
    }

    [Fact]
    public void ExistingTolerationsForTheNodeTaintsAreKept()
    {
        var pod = Pod(extraSpec: """ "tolerations":[{"key":"node.kubernetes.io/not-ready","operator":"Exists","effect":"NoExecute","tolerationSeconds":10}], """);
        Create(Pods, pod);
        var tolerations = pod["spec"]!["tolerations"]!.AsArray();
        Assert.Equal(2, tolerations.Count);
        Assert.Equal(10, (int)tolerations[0]!["tolerationSeconds"]!);
        Assert.Equal("node.kubernetes.io/unreachable", (string?)tolerations[1]!["key"]);
    }

    [Fact]
    public void SystemPriorityClassesResolveToTheirPriority()
    {
        var pod = Pod(extraSpec: """ "priorityClassName":"system-node-critical", """);
        Create(Pods, pod);
        Assert.Equal(2000001000, (int)pod["spec"]!["priority"]!);
    }

    [Theory]
    [InlineData("""{}""", "BestEffort")]
    [InlineData("""{"requests":{"cpu":"100m"}}""", "Burstable")]
    [InlineData("""{"limits":{"cpu":"500m","memory":"128Mi"}}""", "Guaranteed")]
    [InlineData("""{"requests":{"cpu":"0.5","memory":"128Mi"},"limits":{"cpu":"500m","memory":"128Mi"}}""", "Guaranteed")]
    [InlineData("""{"requests":{"cpu":"250m","memory":"128Mi"},"limits":{"cpu":"500m","memory":"128Mi"}}""", "Burstable")]
    [InlineData("""{"limits":{"cpu":"500m"}}""", "Burstable")]
    [InlineData("""{"requests":{"cpu":"0"}}""", "BestEffort")]
    public void QosClassIsComputedFromTheDefaultedResources(string resources, string expected)
    {
        var pod = Pod($$"""[{"name":"app","image":"nginx","resources":{{resources}}}]""");
        Assert.Empty(Create(Pods, pod));
        Assert.Equal(expected, (string?)pod["status"]!["qosClass"]);
    }

    [Fact]
    public void LimitsBecomeRequestsForPods()
    {
        var pod = Pod("""[{"name":"app","image":"nginx","resources":{"limits":{"memory":"1Gi"},"requests":{"cpu":"1"}}}]""");
        Create(Pods, pod);
        Assert.True(JsonNode.DeepEquals(ParseJson("""{"cpu":"1","memory":"1Gi"}"""), pod["spec"]!["containers"]![0]!["resources"]!["requests"]));
    }

    [Fact]
    public void ClientSuppliedStatusIsDiscardedOnCreateAndKeptFromStorageOnUpdate()
    {
        var pod = Pod();
        pod["status"] = ParseJson("""{"phase":"Running"}""");
        var stored = Stored(Pods, pod);
        Assert.Equal("Pending", (string?)stored["status"]!["phase"]);

        stored["status"]!["phase"] = "Running";
        var updated = Edited(stored, p => p["status"] = ParseJson("""{"phase":"Failed"}"""));
        Assert.Empty(Update(Pods, updated, stored));
        Assert.Equal("Running", (string?)updated["status"]!["phase"]);
    }
}
