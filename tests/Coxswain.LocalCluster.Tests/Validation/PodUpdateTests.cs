using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using static Coxswain.LocalCluster.Tests.Validation.ValidationAssert;

namespace Coxswain.LocalCluster.Tests.Validation;

public class PodUpdateTests
{
    static readonly ResourceDefinition Pods = BuiltInResources.Pods;

    const string ForbiddenPrefix =
        "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`,`spec.initContainers[*].image`," +
        "`spec.activeDeadlineSeconds`,`spec.tolerations` (only additions to existing tolerations)," +
        "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)\n";

    static JsonObject StoredPod() => Stored(Pods, ParseJson("""
        {"metadata":{"name":"web","namespace":"default"},
         "spec":{"containers":[{"name":"app","image":"nginx:1.26"}],"activeDeadlineSeconds":100}}
        """));

    [Fact]
    public void ImagesMayChange()
    {
        var old = StoredPod();
        var updated = Edited(old, p => p["spec"]!["containers"]![0]!["image"] = "nginx:1.27");
        Assert.Empty(Update(Pods, updated, old));
    }

    [Fact]
    public void OtherSpecFieldsMayNot()
    {
        var old = StoredPod();
        var updated = Edited(old, p => p["spec"]!["containers"]![0]!["env"] = new JsonArray(ParseJson("""{"name":"A","value":"b"}""")));
        var error = Assert.Single(Update(Pods, updated, old));
        Assert.StartsWith(ForbiddenPrefix, error);
        Assert.Contains("+ spec.containers[0].env: [{\"name\":\"A\",\"value\":\"b\"}]", error);
    }

    [Fact]
    public void ContainersMayNotBeAddedOrRemoved()
    {
        var old = StoredPod();
        var updated = Edited(old, p => p["spec"]!["containers"]!.AsArray().Add(ParseJson("""{"name":"b","image":"busybox","imagePullPolicy":"Always","terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File"}""")));
        Assert.Equal(["spec.containers: Forbidden: pod updates may not add or remove containers"], Update(Pods, updated, old));
    }

    [Theory]
    [InlineData(50, new string[0])]
    [InlineData(200, new[] { "spec.activeDeadlineSeconds: Invalid value: 200: must be less than or equal to previous value" })]
    [InlineData(-1, new[] { "spec.activeDeadlineSeconds: Invalid value: -1: must be between 0 and 2147483647, inclusive" })]
    public void ActiveDeadlineMayOnlyShrink(int deadline, string[] expected)
    {
        var old = StoredPod();
        var updated = Edited(old, p => p["spec"]!["activeDeadlineSeconds"] = deadline);
        // A negative deadline also fails the create-time range check, reported first.
        var errors = Update(Pods, updated, old).Where(e => !e.Contains("must be between 1 and")).ToList();
        Assert.Equal(expected, errors);
    }

    [Fact]
    public void TolerationsMayOnlyBeAdded()
    {
        var old = StoredPod();
        var added = Edited(old, p => p["spec"]!["tolerations"]!.AsArray().Add(ParseJson("""{"key":"k","operator":"Exists"}""")));
        Assert.Empty(Update(Pods, added, old));

        var removed = Edited(old, p => p["spec"]!["tolerations"]!.AsArray().RemoveAt(0));
        Assert.Equal(["spec.tolerations: Forbidden: existing toleration can not be modified except its tolerationSeconds"], Update(Pods, removed, old));
    }

    [Fact]
    public void TolerationSecondsOfExistingTolerationsMayChange()
    {
        var old = StoredPod();
        var updated = Edited(old, p => p["spec"]!["tolerations"]![0]!["tolerationSeconds"] = 30);
        Assert.Empty(Update(Pods, updated, old));
    }
}
