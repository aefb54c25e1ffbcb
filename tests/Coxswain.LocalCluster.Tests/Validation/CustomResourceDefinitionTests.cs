using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using static Coxswain.LocalCluster.Tests.Validation.ValidationAssert;

namespace Coxswain.LocalCluster.Tests.Validation;

public class CustomResourceDefinitionTests
{
    static readonly ResourceDefinition Crds = BuiltInResources.CustomResourceDefinitions;

    static JsonObject Crd(string name = "clonesets.apps.kruise.io", string group = "apps.kruise.io", string versions =
        """[{"name":"v1alpha1","served":true,"storage":true}]""") =>
        ParseJson("""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition","metadata":{"name":"NAME"},
             "spec":{"group":"GROUP","scope":"Namespaced","names":{"plural":"clonesets","kind":"CloneSet","shortNames":["clone"]},"versions":VERSIONS}}
            """.Replace("NAME", name).Replace("GROUP", group).Replace("VERSIONS", versions));

    [Fact]
    public void ValidCrdIsDefaultedAndRecordsItsStorageVersion()
    {
        var crd = Crd();
        Assert.Empty(Create(Crds, crd));
        Assert.Equal("cloneset", (string?)crd["spec"]!["names"]!["singular"]);
        Assert.Equal("CloneSetList", (string?)crd["spec"]!["names"]!["listKind"]);
        Assert.Equal("None", (string?)crd["spec"]!["conversion"]!["strategy"]);
        Assert.Equal("v1alpha1", (string?)crd["status"]!["storedVersions"]![0]);
    }

    [Fact]
    public void NameMustBePluralDotGroup() =>
        CreateFailsWith(Crds, Crd(name: "clonesets.kruise.io"), "metadata.name: Invalid value: \"clonesets.kruise.io\": must be spec.names.plural+\".\"+spec.group");

    [Fact]
    public void GroupNeedsADot() =>
        Assert.Contains("spec.group: Invalid value: \"kruise\": should be a domain with at least one dot", Create(Crds, Crd(name: "clonesets.kruise", group: "kruise")));

    [Fact]
    public void ExactlyOneStorageVersion()
    {
        var error = Assert.Single(Create(Crds, Crd(versions: """[{"name":"v1","served":true,"storage":true},{"name":"v2","served":true,"storage":true}]""")));
        Assert.StartsWith("spec.versions: Invalid value: ", error);
        Assert.EndsWith(": must have exactly one version marked as storage version", error);
    }

    [Fact]
    public void KindMayBeMixedCaseButOtherwiseADns1035Label()
    {
        var crd = Crd();
        crd["spec"]!["names"]!["kind"] = "Clone_Set";
        Assert.Contains("spec.names.kind: Invalid value: \"Clone_Set\": may have mixed case, but should otherwise match: " + Dns1035Message, Create(Crds, crd));
    }

    [Fact]
    public void GroupAndPluralAreImmutable()
    {
        var old = Stored(Crds, Crd());
        var updated = Edited(old, c => c["spec"]!["names"]!["plural"] = "clones");
        Assert.Equal(["spec.names.plural: Invalid value: \"clones\": field is immutable"], Update(Crds, updated, old));
    }
}
