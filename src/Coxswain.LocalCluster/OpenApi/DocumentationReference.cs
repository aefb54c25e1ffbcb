using System.Reflection;

namespace Coxswain.LocalCluster.OpenApi;

/// <summary>
/// Where the description of a reflected model type or property lives: a member id ("T:k8s.Models.V1Pod",
/// "P:k8s.Models.V1PodSpec.RestartPolicy") in the XML documentation file shipped next to <see cref="Assembly"/>.
/// Descriptions are resolved only when a document is rendered, so schema building never pays for loading docs.
/// </summary>
public readonly record struct DocumentationReference(Assembly Assembly, string MemberId)
{
    public static DocumentationReference ForType(Type type) => new(type.Assembly, "T:" + type.FullName);

    public static DocumentationReference ForProperty(PropertyInfo property) =>
        new(property.DeclaringType!.Assembly, $"P:{property.DeclaringType.FullName}.{property.Name}");
}
