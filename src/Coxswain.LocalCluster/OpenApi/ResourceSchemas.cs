using System.Reflection;
using Coxswain.LocalCluster.Api;
using k8s.Models;

namespace Coxswain.LocalCluster.OpenApi;

/// <summary>The object and list schemas published for a served resource.</summary>
public static class ResourceSchemas
{
    public static GroupVersionKind KindOf(ResourceDefinition resource) => new(resource.Group, resource.Version, resource.Kind);

    public static string DefinitionName(ResourceDefinition resource, string kind) =>
        $"{KubernetesApiPackages.ForGroupVersion(resource.Group, resource.Version)}.{kind}";

    /// <summary>
    /// The schema of the resource's objects: <paramref name="customSchema"/> when one was registered (a CRD's
    /// structural schema), else the reflected <see cref="ResourceDefinition.ModelType"/>, else an object that
    /// accepts any content besides apiVersion/kind/metadata.
    /// </summary>
    public static ModelSchema ObjectSchema(ResourceDefinition resource, ModelSchema? customSchema = null)
    {
        if (customSchema is not null)
            return customSchema.Name is null ? customSchema.WithIdentity(DefinitionName(resource, resource.Kind), [KindOf(resource)]) : customSchema;
        if (resource.ModelType is not null) return ModelSchemas.For(resource.ModelType);

        return ModelSchema.ObjectOf(TypeMetaProperties(ModelSchemas.For(typeof(V1ObjectMeta))),
            name: DefinitionName(resource, resource.Kind), groupVersionKinds: [KindOf(resource)], preserveUnknownFields: true);
    }

    /// <summary>
    /// The schema of the resource's list kind: KubernetesClient's list model when it has one (PodList), else
    /// the standard shape every list has (apiVersion, items, kind, metadata).
    /// </summary>
    public static ModelSchema ListSchema(ResourceDefinition resource, ModelSchema objectSchema)
    {
        var modelList = resource.ModelType?.Assembly.GetType($"{resource.ModelType.Namespace}.{resource.ModelType.Name}List");
        if (modelList?.GetCustomAttribute<KubernetesEntityAttribute>()?.Kind == resource.ListKind)
            return ModelSchemas.For(modelList);

        var properties = TypeMetaProperties(ModelSchemas.For(typeof(V1ListMeta)))
            .Append(new ModelProperty("items", ModelSchema.ArrayOf(objectSchema)) { Description = $"List of {resource.Plural}." });
        return ModelSchema.ObjectOf(properties, requiredNames: ["items"],
            name: DefinitionName(resource, resource.ListKind), description: $"{resource.ListKind} is a list of {resource.Kind}",
            groupVersionKinds: [new GroupVersionKind(resource.Group, resource.Version, resource.ListKind)]);
    }

    static IEnumerable<ModelProperty> TypeMetaProperties(ModelSchema metadata) =>
    [
        new("apiVersion", ModelSchema.Primitive(SchemaKind.String)) { Description = "APIVersion defines the versioned schema of this representation of an object. Servers should convert recognized schemas to the latest internal value, and may reject unrecognized values. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#resources" },
        new("kind", ModelSchema.Primitive(SchemaKind.String)) { Description = "Kind is a string value representing the REST resource this object represents. Servers may infer this from the endpoint the client submits requests to. Cannot be updated. In CamelCase. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#types-kinds" },
        new("metadata", metadata) { Description = "Standard object's metadata. More info: https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md#metadata" },
    ];
}
