using System.Text.Json.Nodes;
using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.Apis.CustomResources;

namespace Coxswain.Workloads.Tests.CustomResources;

public class CloneSetCrdTests
{
    static readonly JsonObject Crd = CustomResourceDefinitionGenerator.Generate(typeof(CloneSet));
    static JsonNode Version => Crd["spec"]!["versions"]![0]!;
    static JsonNode Schema => Version["schema"]!["openAPIV3Schema"]!;

    [Fact]
    public void Names_scope_and_subresources_are_OpenKruise_s()
    {
        Assert.Equal("clonesets.apps.kruise.io", Crd["metadata"]!["name"]!.GetValue<string>());
        Assert.Equal(
            """{"kind":"CloneSet","listKind":"CloneSetList","plural":"clonesets","singular":"cloneset","shortNames":["clone"]}""",
            Crd["spec"]!["names"]!.ToJsonString());
        Assert.Equal("Namespaced", Crd["spec"]!["scope"]!.GetValue<string>());
        Assert.Equal("v1alpha1", Version["name"]!.GetValue<string>());
        Assert.Equal(
            """{"scale":{"labelSelectorPath":".status.labelSelector","specReplicasPath":".spec.replicas","statusReplicasPath":".status.replicas"},"status":{}}""",
            Version["subresources"]!.ToJsonString());
    }

    [Fact]
    public void Printer_columns_are_OpenKruise_s_in_order()
    {
        var columns = Version["additionalPrinterColumns"]!.AsArray()
            .Select(c => $"{c!["name"]}|{c["jsonPath"]}|{c["type"]}|{c["priority"]?.GetValue<int>() ?? 0}").ToList();
        Assert.Equal(
            [
                "DESIRED|.spec.replicas|integer|0", "UPDATED|.status.updatedReplicas|integer|0",
                "UPDATED_READY|.status.updatedReadyReplicas|integer|0", "UPDATED_AVAILABLE|.status.updatedAvailableReplicas|integer|0",
                "READY|.status.readyReplicas|integer|0", "TOTAL|.status.replicas|integer|0", "AGE|.metadata.creationTimestamp|date|0",
                "CONTAINERS|.spec.template.spec.containers[*].name|string|1", "IMAGES|.spec.template.spec.containers[*].image|string|1",
                "SELECTOR|.status.labelSelector|string|1",
            ],
            columns);
    }

    [Fact]
    public void Schema_is_structural_with_int_or_string_and_schemaless_template()
    {
        var spec = Schema["properties"]!["spec"]!;
        Assert.Equal("""{"description":"Template describes the pods that will be created.","type":"object","x-kubernetes-preserve-unknown-fields":true}""",
            spec["properties"]!["template"]!.ToJsonString());
        Assert.Equal("""{"type":"object","x-kubernetes-preserve-unknown-fields":true}""",
            spec["properties"]!["volumeClaimTemplates"]!["items"]!.ToJsonString());
        var maxSurge = spec["properties"]!["updateStrategy"]!["properties"]!["maxSurge"]!;
        Assert.Equal("""[{"type":"integer"},{"type":"string"}]""", maxSurge["anyOf"]!.ToJsonString());
        Assert.True(maxSurge["x-kubernetes-int-or-string"]!.GetValue<bool>());
        Assert.Equal("""["selector","template"]""", spec["required"]!.ToJsonString());
        Assert.Equal("""["availableReplicas","readyReplicas","replicas","updatedReadyReplicas","updatedReplicas"]""",
            Schema["properties"]!["status"]!["required"]!.ToJsonString());
        Assert.Equal("""{"type":"object"}""", Schema["properties"]!["metadata"]!.ToJsonString());
        Assert.Equal("integer", spec["properties"]!["minReadySeconds"]!["type"]!.GetValue<string>());
    }
}
