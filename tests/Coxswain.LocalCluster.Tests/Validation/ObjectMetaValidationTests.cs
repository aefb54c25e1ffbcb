using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Validation;
using static Coxswain.LocalCluster.Tests.Validation.ValidationAssert;

namespace Coxswain.LocalCluster.Tests.Validation;

/// <summary>ObjectMeta rules, exercised through ConfigMaps (namespaced) and Namespaces/Nodes (cluster-scoped).</summary>
public class ObjectMetaValidationTests
{
    static readonly ResourceDefinition ConfigMaps = BuiltInResources.ConfigMaps;

    static System.Text.Json.Nodes.JsonObject ConfigMap(string metadata) =>
        ParseJson($$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{{metadata}}}""");

    [Theory]
    [InlineData("""{"namespace":"default"}""", "metadata.name: Required value: name or generateName is required")]
    [InlineData("""{"name":"Bad_Name","namespace":"default"}""", "metadata.name: Invalid value: \"Bad_Name\": " + SubdomainMessage)]
    [InlineData("""{"generateName":"Bad-","namespace":"default"}""", "metadata.generateName: Invalid value: \"Bad-\": " + SubdomainMessage)]
    [InlineData("""{"name":"cfg"}""", "metadata.namespace: Required value")]
    [InlineData("""{"name":"cfg","namespace":"Default"}""", "metadata.namespace: Invalid value: \"Default\": " + LabelMessage)]
    [InlineData("""{"name":"cfg","namespace":"default","generation":-1}""", "metadata.generation: Invalid value: -1: must be greater than or equal to 0")]
    [InlineData("""{"name":"cfg","namespace":"default","labels":{"-bad":"x"}}""", "metadata.labels: Invalid value: \"-bad\": " + QualifiedNamePartMessage)]
    [InlineData("""{"name":"cfg","namespace":"default","labels":{"app":"-x"}}""", "metadata.labels: Invalid value: \"-x\": " + LabelValueMessage)]
    [InlineData("""{"name":"cfg","namespace":"default","annotations":{"-bad":"x"}}""", "metadata.annotations: Invalid value: \"-bad\": " + QualifiedNamePartMessage)]
    [InlineData("""{"name":"cfg","namespace":"default","finalizers":["example.com/x","custom"]}""", "metadata.finalizers[1]: Invalid value: \"custom\": name is neither a standard finalizer name nor is it fully qualified")]
    [InlineData("""{"name":"cfg","namespace":"default","finalizers":["-x/y"]}""", "metadata.finalizers: Invalid value: \"-x/y\": prefix part " + SubdomainMessage)]
    public void CreateRules(string metadata, string expected) => CreateFailsWith(ConfigMaps, ConfigMap(metadata), expected);

    [Fact]
    public void GenerateNameAloneIsEnoughAndMayEndInADash() =>
        CreateSucceeds(ConfigMaps, ConfigMap("""{"generateName":"cfg-","namespace":"default"}"""));

    [Fact]
    public void UppercaseAnnotationKeysAreAccepted() =>
        CreateSucceeds(ConfigMaps, ConfigMap("""{"name":"cfg","namespace":"default","annotations":{"Example.COM/Key":"v"}}"""));

    [Fact]
    public void ClusterScopedObjectsMayNotHaveANamespace() =>
        CreateFailsWith(BuiltInResources.Nodes, ParseJson("""{"metadata":{"name":"n1","namespace":"default"}}"""),
            "metadata.namespace: Forbidden: not allowed on this type");

    [Fact]
    public void AnnotationsAreLimitedTo256KiBInTotal()
    {
        var obj = ConfigMap("""{"name":"cfg","namespace":"default"}""");
        obj["metadata"]!["annotations"] = new System.Text.Json.Nodes.JsonObject { ["a"] = new string('x', 256 * 1024) };
        CreateFailsWith(ConfigMaps, obj, "metadata.annotations: Too long: may not be more than 262144 bytes");
    }

    [Fact]
    public void OnlyOneOwnerReferenceMayBeTheController()
    {
        var obj = ConfigMap("""
            {"name":"cfg","namespace":"default","ownerReferences":[
              {"apiVersion":"apps/v1","kind":"Deployment","name":"a","uid":"1","controller":true},
              {"apiVersion":"apps/v1","kind":"StatefulSet","name":"b","uid":"2","controller":true}]}
            """);
        var error = Assert.Single(Create(ConfigMaps, obj));
        Assert.StartsWith("metadata.ownerReferences: Invalid value: ", error);
        Assert.EndsWith(": Only one reference can have Controller set to true. Found \"true\" in references for Deployment/a and StatefulSet/b", error);
    }

    [Fact]
    public void OwnerReferenceFieldsAreRequired()
    {
        var obj = ConfigMap("""{"name":"cfg","namespace":"default","ownerReferences":[{"apiVersion":"apps/"}]}""");
        Assert.Equal(
        [
            "metadata.ownerReferences.apiVersion: Invalid value: \"apps/\": version must not be empty",
            "metadata.ownerReferences.kind: Invalid value: \"\": must not be empty",
            "metadata.ownerReferences.name: Invalid value: \"\": must not be empty",
            "metadata.ownerReferences.uid: Invalid value: \"\": must not be empty",
        ], Create(ConfigMaps, obj));
    }

    [Fact]
    public void CoreEventsCannotOwnObjects()
    {
        var obj = ConfigMap("""{"name":"cfg","namespace":"default","ownerReferences":[{"apiVersion":"v1","kind":"Event","name":"e","uid":"1"}]}""");
        Assert.EndsWith(": /v1, Kind=Event is disallowed from being an owner", Assert.Single(Create(ConfigMaps, obj)));
    }

    [Fact]
    public void OrphanAndForegroundDeletionFinalizersExcludeEachOther()
    {
        var obj = ConfigMap("""{"name":"cfg","namespace":"default","finalizers":["orphan","foregroundDeletion"]}""");
        Assert.Equal(["metadata.finalizers: Invalid value: [\"orphan\",\"foregroundDeletion\"]: finalizer orphan and foregroundDeletion cannot be both set"],
            Create(ConfigMaps, obj));
    }

    [Theory]
    [InlineData("name", "other", "metadata.name: Invalid value: \"other\": field is immutable")]
    [InlineData("namespace", "kube-system", "metadata.namespace: Invalid value: \"kube-system\": field is immutable")]
    [InlineData("uid", "changed", "metadata.uid: Invalid value: \"changed\": field is immutable")]
    [InlineData("creationTimestamp", "2030-05-06T07:08:09Z", "metadata.creationTimestamp: Invalid value: 2030-05-06 07:08:09 +0000 UTC: field is immutable")]
    public void IdentityFieldsAreImmutable(string field, string value, string expected)
    {
        var old = Stored(ConfigMaps, ConfigMap("""{"name":"cfg","namespace":"default"}"""));
        var updated = Edited(old, o => o["metadata"]![field] = value);
        Assert.Equal([expected], Update(ConfigMaps, updated, old));
    }

    [Fact]
    public void NoFinalizerMayBeAddedWhileDeleting()
    {
        var old = Stored(ConfigMaps, ConfigMap("""{"name":"cfg","namespace":"default","finalizers":["example.com/a"]}"""));
        old["metadata"]!["deletionTimestamp"] = "2026-02-01T00:00:00Z";
        var updated = Edited(old, o => o["metadata"]!["finalizers"] = new System.Text.Json.Nodes.JsonArray("example.com/a", "example.com/c", "example.com/b"));
        Assert.Equal(["metadata.finalizers: Forbidden: no new finalizers can be added if the object is being deleted, found new finalizers []string{\"example.com/b\", \"example.com/c\"}"],
            Update(ConfigMaps, updated, old));
    }

    [Fact]
    public void InvalidErrorsRenderThroughStatusErrorAsKubectlExpects()
    {
        var errors = BuiltInValidation.ValidateCreate(ConfigMaps, ConfigMap("""{"name":"Cfg","namespace":"default"}"""));
        var status = StatusError.Invalid(ConfigMaps, "Cfg", errors).ToStatus();
        Assert.Equal($"ConfigMap \"Cfg\" is invalid: metadata.name: Invalid value: \"Cfg\": {SubdomainMessage}", (string?)status["message"]);
        Assert.Equal("FieldValueInvalid", (string?)status["details"]!["causes"]![0]!["reason"]);
        Assert.Equal("metadata.name", (string?)status["details"]!["causes"]![0]!["field"]);
    }
}
