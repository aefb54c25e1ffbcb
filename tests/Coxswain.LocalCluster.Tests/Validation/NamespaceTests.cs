using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using static Coxswain.LocalCluster.Tests.Validation.ValidationAssert;

namespace Coxswain.LocalCluster.Tests.Validation;

public class NamespaceTests
{
    static readonly ResourceDefinition Namespaces = BuiltInResources.Namespaces;

    [Fact]
    public void NewNamespacesAreActiveWithTheKubernetesFinalizerAndNameLabel()
    {
        var ns = ParseJson("""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"team-a","labels":{"kubernetes.io/metadata.name":"spoofed"}}}""");
        Assert.Empty(Create(Namespaces, ns));
        Assert.Equal("team-a", (string?)ns["metadata"]!["labels"]!["kubernetes.io/metadata.name"]);
        Assert.True(JsonNode.DeepEquals(ParseJson("""{"finalizers":["kubernetes"]}"""), ns["spec"]));
        Assert.True(JsonNode.DeepEquals(ParseJson("""{"phase":"Active"}"""), ns["status"]));
    }

    [Fact]
    public void NamespaceNamesAreDns1123Labels() =>
        CreateFailsWith(Namespaces, ParseJson("""{"metadata":{"name":"team.a"}}"""), "metadata.name: Invalid value: \"team.a\": must not contain dots");

    [Fact]
    public void SpecFinalizersMustBeQualifiedOrStandard() =>
        CreateFailsWith(Namespaces, ParseJson("""{"metadata":{"name":"a"},"spec":{"finalizers":["custom"]}}"""),
            "spec.finalizers: Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified");

    [Fact]
    public void UpdatesCannotTouchFinalizersStatusOrTheNameLabel()
    {
        var old = Stored(Namespaces, ParseJson("""{"metadata":{"name":"a"}}"""));
        var updated = ParseJson("""{"metadata":{"name":"a","labels":{"team":"x"}},"spec":{"finalizers":[]},"status":{"phase":"Terminating"}}""");
        foreach (var field in (string[])["uid", "resourceVersion", "creationTimestamp"]) updated["metadata"]![field] = old["metadata"]![field]!.DeepClone();
        Assert.Empty(Update(Namespaces, updated, old));
        Assert.Equal("kubernetes", (string?)updated["spec"]!["finalizers"]![0]);
        Assert.Equal("Active", (string?)updated["status"]!["phase"]);
        Assert.Equal("a", (string?)updated["metadata"]!["labels"]!["kubernetes.io/metadata.name"]);
    }
}
