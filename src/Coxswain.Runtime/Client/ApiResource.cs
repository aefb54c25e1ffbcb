using System.Collections.Concurrent;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Client;

/// <summary>
/// Identifies a served resource type: its group, version, kind and plural (kube-rs's <c>ApiResource</c>). The plural
/// builds request paths; group, version and kind match owner references and render object references.
/// </summary>
/// <param name="Group">API group; empty for the core group.</param>
/// <param name="Version">API version within the group, e.g. <c>v1</c>.</param>
/// <param name="Kind">Kind, e.g. <c>Pod</c>.</param>
/// <param name="Plural">Resource name in URLs, e.g. <c>pods</c>.</param>
public sealed record ApiResource(string Group, string Version, string Kind, string Plural)
{
    private static readonly ConcurrentDictionary<Type, ApiResource> ByModelType = new();

    /// <summary><c>group/version</c>, or just <c>version</c> for the core group, as in <c>apiVersion</c> fields.</summary>
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";

    /// <summary>The resource of a KubernetesClient model type, read from its <see cref="KubernetesEntityAttribute"/>.</summary>
    public static ApiResource For<T>() where T : IKubernetesObject => For(typeof(T));

    /// <inheritdoc cref="For{T}()"/>
    public static ApiResource For(Type modelType) => ByModelType.GetOrAdd(modelType, static type =>
    {
        var entity = type.GetKubernetesTypeMetadata()
            ?? throw new ArgumentException($"{type} has no [KubernetesEntity] attribute; describe it with an explicit ApiResource.", nameof(modelType));
        return new ApiResource(entity.Group ?? string.Empty, entity.ApiVersion, entity.Kind, entity.PluralName);
    });

    /// <summary>Whether an <c>apiVersion</c> names this resource's group (any version: owners are matched by group and kind).</summary>
    public bool IsInGroupOf(string? apiVersion) =>
        string.Equals(ObjectReferences.SplitApiVersion(apiVersion).Group, Group, StringComparison.Ordinal);
}
