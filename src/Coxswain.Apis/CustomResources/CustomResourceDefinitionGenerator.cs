using System.Reflection;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.OpenApi;
using k8s;
using k8s.Models;

namespace Coxswain.Apis.CustomResources;

/// <summary>
/// Generates the <c>apiextensions.k8s.io/v1</c> CustomResourceDefinition of a kind from its C# model: names from
/// <c>[KubernetesEntity]</c> and <see cref="CustomResourceAttribute"/>, the schema from
/// the local API server's model schemas (<see cref="ModelSchemas"/>, rendered by <see cref="StructuralSchemaRenderer"/>), subresources and printer columns from their attributes. One generator for
/// every kind, so every CRD Coxswain installs is built the same way.
/// </summary>
public static class CustomResourceDefinitionGenerator
{
    /// <summary>The CRD serving <paramref name="versions"/> (model types of one group and kind) as wire JSON.</summary>
    public static JsonObject Generate(params Type[] versions)
    {
        if (versions.Length == 0) throw new ArgumentException("At least one version is needed.", nameof(versions));
        var first = Entity(versions[0]);
        var resource = CustomResource(versions[0]);
        if (versions.Select(Entity).Any(e => e.Group != first.Group || e.Kind != first.Kind))
            throw new ArgumentException("All versions of a CRD share its group and kind.", nameof(versions));

        var names = new JsonObject
        {
            ["kind"] = first.Kind,
            ["listKind"] = first.Kind + "List",
            ["plural"] = first.PluralName,
            ["singular"] = first.Kind.ToLowerInvariant(),
        };
        if (resource.ShortNames.Length > 0) names["shortNames"] = Strings(resource.ShortNames);
        if (resource.Categories.Length > 0) names["categories"] = Strings(resource.Categories);

        return new JsonObject
        {
            ["apiVersion"] = "apiextensions.k8s.io/v1",
            ["kind"] = "CustomResourceDefinition",
            ["metadata"] = new JsonObject { ["name"] = $"{first.PluralName}.{first.Group}" },
            ["spec"] = new JsonObject
            {
                ["group"] = first.Group,
                ["names"] = names,
                ["scope"] = resource.Namespaced ? "Namespaced" : "Cluster",
                ["versions"] = new JsonArray(versions.Select(Version).ToArray()),
            },
        };
    }

    /// <summary>The same CRD as KubernetesClient's model, ready for <c>CreateCustomResourceDefinitionAsync</c>.</summary>
    public static V1CustomResourceDefinition GenerateModel(params Type[] versions) =>
        KubernetesJson.Deserialize<V1CustomResourceDefinition>(Generate(versions).ToJsonString());

    static JsonNode Version(Type type)
    {
        var version = new JsonObject();
        var columns = type.GetCustomAttributes<PrinterColumnAttribute>().ToList();
        if (columns.Count > 0) version["additionalPrinterColumns"] = new JsonArray(columns.Select(Column).ToArray());
        version["name"] = Entity(type).ApiVersion;
        version["schema"] = new JsonObject { ["openAPIV3Schema"] = StructuralSchemaRenderer.Render(ModelSchemas.For(type)) };
        version["served"] = true;
        version["storage"] = CustomResource(type).Storage;

        var subresources = new JsonObject();
        if (type.GetCustomAttribute<ScaleSubresourceAttribute>() is { } scale)
        {
            var scaleNode = new JsonObject();
            if (scale.LabelSelectorPath is not null) scaleNode["labelSelectorPath"] = scale.LabelSelectorPath;
            scaleNode["specReplicasPath"] = scale.SpecReplicasPath;
            scaleNode["statusReplicasPath"] = scale.StatusReplicasPath;
            subresources["scale"] = scaleNode;
        }
        if (type.GetCustomAttribute<StatusSubresourceAttribute>() is not null) subresources["status"] = new JsonObject();
        if (subresources.Count > 0) version["subresources"] = subresources;
        return version;
    }

    static JsonNode Column(PrinterColumnAttribute column)
    {
        var node = new JsonObject();
        if (column.Description is not null) node["description"] = column.Description;
        node["jsonPath"] = column.JsonPath;
        node["name"] = column.Name;
        if (column.Priority != 0) node["priority"] = column.Priority;
        node["type"] = column.Type;
        return node;
    }

    static KubernetesEntityAttribute Entity(Type type) =>
        type.GetCustomAttribute<KubernetesEntityAttribute>()
        ?? throw new ArgumentException($"{type} has no [KubernetesEntity] attribute.", nameof(type));

    static CustomResourceAttribute CustomResource(Type type) =>
        type.GetCustomAttribute<CustomResourceAttribute>()
        ?? throw new ArgumentException($"{type} has no [CustomResource] attribute.", nameof(type));

    static JsonArray Strings(IEnumerable<string> values) => new(values.Select(v => (JsonNode)v).ToArray());
}
