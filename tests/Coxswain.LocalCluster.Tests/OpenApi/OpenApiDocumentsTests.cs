using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.OpenApi;

namespace Coxswain.LocalCluster.Tests.OpenApi;

/// <summary>One set of documents for the whole class: building them is the expensive part.</summary>
public sealed class BuiltInDocumentsFixture
{
    public OpenApiDocuments Documents { get; } =
        new(BuiltInResources.All, new OpenApiDocumentsOptions { IncludeDescriptions = false, Info = new OpenApiInfo("Kubernetes", "v1.34.0") });

    public JsonObject V3(string key)
    {
        Assert.True(Documents.TryGetV3Document(key, out var content), $"no document {key}");
        return JsonNode.Parse(content.Bytes)!.AsObject();
    }
}

public class OpenApiDocumentsTests(BuiltInDocumentsFixture fixture) : IClassFixture<BuiltInDocumentsFixture>
{
    readonly OpenApiDocuments documents = fixture.Documents;

    [Fact]
    public void Index_lists_every_document_with_its_hash_url()
    {
        var paths = JsonNode.Parse(documents.V3Index.Bytes)!["paths"]!.AsObject();
        Assert.Equal(documents.V3DocumentKeys.Order(StringComparer.Ordinal), paths.Select(p => p.Key));
        foreach (var key in new[] { "api/v1", "apis/apps/v1", "apis/apps", "apis/apiextensions.k8s.io/v1", "api", "apis", "version" })
        {
            Assert.True(documents.TryGetV3Document(key, out var content));
            Assert.Equal($"/openapi/v3/{key}?hash={content.ETag}", paths[key]!["serverRelativeURL"]!.GetValue<string>());
            Assert.Equal(Convert.ToHexString(SHA512.HashData(content.Bytes)), content.ETag);
            Assert.Matches("^[0-9A-F]{128}$", content.ETag);
            Assert.Equal($"\"{content.ETag}\"", content.QuotedETag);
        }
        Assert.False(documents.TryGetV3Document("apis/nonexistent/v1", out _));
    }

    [Fact]
    public void Documents_are_byte_for_byte_stable()
    {
        var again = new OpenApiDocuments(BuiltInResources.All, new OpenApiDocumentsOptions { IncludeDescriptions = false, Info = new OpenApiInfo("Kubernetes", "v1.34.0") });
        Assert.Equal(documents.V3Index.ETag, again.V3Index.ETag);
        Assert.Equal(documents.V2Json.ETag, again.V2Json.ETag);
        Assert.Equal(documents.V2Protobuf.ETag, again.V2Protobuf.ETag);
    }

    [Fact]
    public void Every_patchable_kind_has_a_patch_operation_accepting_fieldValidation()
    {
        // kubectl's query-param verifier: a PATCH op whose x-kubernetes-group-version-kind is the kind, with a query parameter fieldValidation.
        foreach (var resource in BuiltInResources.All.Where(r => r.Verbs.Contains("patch")))
        {
            var document = fixture.V3(OperationNaming.DocumentKey(resource.Group, resource.Version));
            var patches = document["paths"]!.AsObject()
                .Select(p => p.Value!["patch"])
                .Where(op => op?["x-kubernetes-group-version-kind"] is JsonObject gvk
                             && gvk["group"]!.GetValue<string>() == resource.Group && gvk["kind"]!.GetValue<string>() == resource.Kind
                             && gvk["version"]!.GetValue<string>() == resource.Version)
                .ToList();
            Assert.NotEmpty(patches);
            Assert.All(patches, op => Assert.Contains(op!["parameters"]!.AsArray(),
                p => p!["name"]!.GetValue<string>() == "fieldValidation" && p["in"]!.GetValue<string>() == "query"));
        }
    }

    [Fact]
    public void Pod_paths_carry_kube_operation_ids_and_actions()
    {
        var paths = fixture.V3("api/v1")["paths"]!;
        var item = paths["/api/v1/namespaces/{namespace}/pods/{name}"]!;
        Assert.Equal(("readCoreV1NamespacedPod", "get"), Op(item["get"]));
        Assert.Equal(("replaceCoreV1NamespacedPod", "put"), Op(item["put"]));
        Assert.Equal(("patchCoreV1NamespacedPod", "patch"), Op(item["patch"]));
        Assert.Equal(("deleteCoreV1NamespacedPod", "delete"), Op(item["delete"]));
        var collection = paths["/api/v1/namespaces/{namespace}/pods"]!;
        Assert.Equal(("listCoreV1NamespacedPod", "list"), Op(collection["get"]));
        Assert.Equal(("createCoreV1NamespacedPod", "post"), Op(collection["post"]));
        Assert.Equal(("deleteCoreV1CollectionNamespacedPod", "deletecollection"), Op(collection["delete"]));
        Assert.Equal(("listCoreV1PodForAllNamespaces", "list"), Op(paths["/api/v1/pods"]!["get"]));
        Assert.Equal(("watchCoreV1NamespacedPodList", "watchlist"), Op(paths["/api/v1/watch/namespaces/{namespace}/pods"]!["get"]));
        Assert.Equal(("patchCoreV1NamespacedPodStatus", "patch"), Op(paths["/api/v1/namespaces/{namespace}/pods/{name}/status"]!["patch"]));
        Assert.Equal(("readCoreV1Namespace", "get"), Op(paths["/api/v1/namespaces/{name}"]!["get"]));
        Assert.Equal(("getCoreV1APIResources", null), Op(paths["/api/v1/"]!["get"]));
        // Namespaces do not serve deletecollection, so none is published.
        Assert.NotNull(paths["/api/v1/namespaces"]!["get"]);
        Assert.Null(paths["/api/v1/namespaces"]!["delete"]);

        var patchTypes = item["patch"]!["requestBody"]!["content"]!.AsObject().Select(c => c.Key);
        Assert.Contains(OpenApiMediaTypes.StrategicMergePatch, patchTypes);

        static (string, string?) Op(JsonNode? op) => (op!["operationId"]!.GetValue<string>(), op["x-kubernetes-action"]?.GetValue<string>());
    }

    [Fact]
    public void Schemas_carry_kinds_merge_keys_and_apimachinery_types()
    {
        var schemas = fixture.V3("api/v1")["components"]!["schemas"]!;
        Assert.Equal("""[{"group":"","kind":"Pod","version":"v1"}]""", schemas["io.k8s.api.core.v1.Pod"]!["x-kubernetes-group-version-kind"]!.ToJsonString());
        Assert.Equal("""[{"group":"","kind":"PodList","version":"v1"}]""", schemas["io.k8s.api.core.v1.PodList"]!["x-kubernetes-group-version-kind"]!.ToJsonString());

        var containers = schemas["io.k8s.api.core.v1.PodSpec"]!["properties"]!["containers"]!;
        Assert.Equal("name", containers["x-kubernetes-patch-merge-key"]!.GetValue<string>());
        Assert.Equal("merge", containers["x-kubernetes-patch-strategy"]!.GetValue<string>());
        Assert.Equal("map", containers["x-kubernetes-list-type"]!.GetValue<string>());
        Assert.Equal("#/components/schemas/io.k8s.api.core.v1.Container", containers["items"]!["$ref"]!.GetValue<string>());

        var intOrString = schemas["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]!;
        Assert.Equal("int-or-string", intOrString["format"]!.GetValue<string>());
        Assert.Equal("""[{"type":"integer"},{"type":"string"}]""", intOrString["oneOf"]!.ToJsonString());
        Assert.Equal("date-time", schemas["io.k8s.apimachinery.pkg.apis.meta.v1.Time"]!["format"]!.GetValue<string>());
        Assert.NotNull(schemas["io.k8s.apimachinery.pkg.api.resource.Quantity"]);

        var v2Definitions = JsonNode.Parse(documents.V2Json.Bytes)!["definitions"]!;
        Assert.Equal("string", v2Definitions["io.k8s.apimachinery.pkg.util.intstr.IntOrString"]!["type"]!.GetValue<string>());
        Assert.Equal("#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta",
            v2Definitions["io.k8s.api.core.v1.Pod"]!["properties"]!["metadata"]!["$ref"]!.GetValue<string>());
    }

    [Fact]
    public void Every_reference_resolves_within_its_document()
    {
        // kube-openapi's proto parser rejects a document with a dangling $ref ("unknown model in reference").
        AssertReferencesResolve(JsonNode.Parse(documents.V2Json.Bytes)!.AsObject(), "definitions", "#/definitions/");
        foreach (var key in documents.V3DocumentKeys)
        {
            var document = fixture.V3(key);
            AssertReferencesResolve(document["components"]!.AsObject(), "schemas", "#/components/schemas/", document);
        }
    }

    static void AssertReferencesResolve(JsonObject container, string definitionsKey, string prefix, JsonNode? root = null)
    {
        var definitions = container[definitionsKey]!.AsObject();
        foreach (var reference in References(root ?? container))
        {
            Assert.StartsWith(prefix, reference);
            Assert.True(definitions.ContainsKey(reference[prefix.Length..]), $"dangling {reference}");
        }
    }

    static IEnumerable<string> References(JsonNode? node) => node switch
    {
        // A "$ref" key whose value is an object is a property named $ref (JSONSchemaProps has one), not a reference.
        JsonObject obj => obj.SelectMany(p => p is { Key: "$ref", Value: JsonValue reference } ? [reference.GetValue<string>()] : References(p.Value)),
        JsonArray array => array.SelectMany(References),
        _ => [],
    };

    [Fact]
    public void Descriptions_come_from_the_model_documentation()
    {
        var described = new OpenApiDocuments([BuiltInResources.ConfigMaps]);
        Assert.True(described.TryGetV3Document("api/v1", out var content));
        var configMap = JsonNode.Parse(content.Bytes)!["components"]!["schemas"]!["io.k8s.api.core.v1.ConfigMap"]!;
        Assert.StartsWith("ConfigMap holds configuration data for pods to consume.", configMap["description"]!.GetValue<string>());
        Assert.Contains("Data contains the configuration data.", configMap["properties"]!["data"]!["description"]!.GetValue<string>());
    }

    [Fact]
    public void Adding_and_removing_a_resource_touches_only_its_group_version()
    {
        var docs = new OpenApiDocuments([BuiltInResources.Pods, BuiltInResources.Leases], new OpenApiDocumentsOptions { IncludeDescriptions = false });
        var before = Etags(docs);
        var widgets = new ResourceDefinition
        {
            Group = "example.com", Version = "v1", Kind = "Widget", Plural = "widgets", Singular = "widget", Namespaced = true,
        };

        docs.Add(widgets);
        var added = Etags(docs);
        Assert.Equal(before["api/v1"], added["api/v1"]);
        Assert.Equal(before["apis/coordination.k8s.io/v1"], added["apis/coordination.k8s.io/v1"]);
        Assert.Contains("apis/example.com/v1", added.Keys);
        Assert.Contains("apis/example.com", added.Keys);
        Assert.NotEqual(before["index"], added["index"]);

        Assert.True(docs.TryGetV3Document("apis/example.com/v1", out var content));
        var document = JsonNode.Parse(content.Bytes)!;
        var widget = document["components"]!["schemas"]!["com.example.v1.Widget"]!;
        Assert.True(widget["x-kubernetes-preserve-unknown-fields"]!.GetValue<bool>());
        var patch = document["paths"]!["/apis/example.com/v1/namespaces/{namespace}/widgets/{name}"]!["patch"]!;
        Assert.DoesNotContain(OpenApiMediaTypes.StrategicMergePatch, patch["requestBody"]!["content"]!.AsObject().Select(c => c.Key));

        Assert.True(docs.Remove(widgets));
        Assert.Equal(before, Etags(docs));
        Assert.False(docs.Remove(widgets));
    }

    [Fact]
    public void A_registered_schema_replaces_the_model_schema()
    {
        var docs = new OpenApiDocuments([], new OpenApiDocumentsOptions { IncludeDescriptions = false });
        var widgets = new ResourceDefinition
        {
            Group = "example.com", Version = "v1", Kind = "Widget", Plural = "widgets", Singular = "widget", Namespaced = false,
        };
        var schema = ModelSchema.ObjectOf([new ModelProperty("size", ModelSchema.Primitive(SchemaKind.Integer, "int64"))]);
        docs.Add(widgets, schema);

        Assert.True(docs.TryGetV3Document("apis/example.com/v1", out var content));
        var widget = JsonNode.Parse(content.Bytes)!["components"]!["schemas"]!["com.example.v1.Widget"]!;
        Assert.Equal("integer", widget["properties"]!["size"]!["type"]!.GetValue<string>());
        Assert.Equal("""[{"group":"example.com","kind":"Widget","version":"v1"}]""", widget["x-kubernetes-group-version-kind"]!.ToJsonString());
    }

    static Dictionary<string, string> Etags(OpenApiDocuments docs)
    {
        var etags = docs.V3DocumentKeys.ToDictionary(k => k, k => docs.TryGetV3Document(k, out var c) ? c.ETag : "");
        etags["index"] = docs.V3Index.ETag;
        return etags;
    }
}
