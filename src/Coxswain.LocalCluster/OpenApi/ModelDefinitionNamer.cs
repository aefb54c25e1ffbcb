using System.Collections.Concurrent;
using System.Reflection;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using k8s.Models;

namespace Coxswain.LocalCluster.OpenApi;

/// <summary>
/// Names CLR model types the way kube-openapi names the Go types they stand for ("io.k8s.api.core.v1.PodSpec").
/// KubernetesClient drops the Go package when it names a class (V1PodSpec), keeping only the version, and a group
/// prefix when two groups define the same name (Corev1Event, Eventsv1Event). The package is recovered from:
/// the apimachinery meta/v1 type list; the KubernetesEntity attribute of root kinds; the group prefix; and otherwise
/// the groups of the root kinds (of the same version) that reach the type, where core wins because core types are
/// the ones other groups embed (PodTemplateSpec, ObjectReference…).
/// Types outside KubernetesClient are named from their own KubernetesEntity attribute or, failing that, their CLR name.
/// </summary>
public static partial class ModelDefinitionNamer
{
    static readonly Assembly KubernetesModels = typeof(V1Pod).Assembly;

    /// <summary>Types whose Go package none of the rules can recover.</summary>
    static readonly Dictionary<Type, string> Irregular = new()
    {
        [typeof(VersionInfo)] = "io.k8s.apimachinery.pkg.version.Info",
    };

    /// <summary>Core types that only other groups embed (StorageClass.allowedTopologies), so reachability would misplace them.</summary>
    static readonly Dictionary<string, string> OwnerGroupOverrides = new(StringComparer.Ordinal)
    {
        ["V1TopologySelectorTerm"] = "",
        ["V1TopologySelectorLabelRequirement"] = "",
    };

    static readonly ConcurrentDictionary<Type, string> Names = new();
    static readonly Lazy<IReadOnlyDictionary<Type, string>> OwnerGroups = new(ComputeOwnerGroups);

    [GeneratedRegex(@"^(?<group>[A-Z][a-z]+)?(?<version>[Vv]\d+(?:(?:alpha|beta)\d+)?)(?<kind>[A-Z]\w*)$")]
    private static partial Regex ClassNamePattern();

    /// <summary>The definition name of <paramref name="type"/>, e.g. "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta".</summary>
    public static string NameOf(Type type) => Names.GetOrAdd(type, Compute);

    static string Compute(Type type)
    {
        if (Irregular.TryGetValue(type, out var irregular)) return irregular;
        var entity = type.GetCustomAttribute<KubernetesEntityAttribute>();
        if (type.Assembly != KubernetesModels || ParseClassName(type) is not { } parsed)
            return entity is not null
                ? $"{KubernetesApiPackages.ForGroupVersion(entity.Group, entity.ApiVersion)}.{entity.Kind}"
                : type.FullName!.Replace('+', '.');

        if (parsed.Version == "v1" && KubernetesApiPackages.IsMetaV1Type(parsed.Kind))
            return $"{KubernetesApiPackages.MetaV1}.{parsed.Kind}";
        if (entity is not null)
            return $"{KubernetesApiPackages.ForGroupVersion(entity.Group, entity.ApiVersion)}.{entity.Kind}";
        if (parsed.GroupPrefix.Length > 0)
            return $"{KubernetesApiPackages.ForGroupVersion(GroupOfPrefix(parsed.GroupPrefix), parsed.Version)}.{parsed.Kind}";
        if (OwnerGroups.Value.TryGetValue(type, out var owner))
            return $"{KubernetesApiPackages.ForGroupVersion(owner, parsed.Version)}.{parsed.Kind}";
        return type.FullName!;
    }

    readonly record struct ParsedClassName(string GroupPrefix, string Version, string Kind);

    static ParsedClassName? ParseClassName(Type type)
    {
        var m = ClassNamePattern().Match(type.Name);
        if (!m.Success) return null;
        return new ParsedClassName(m.Groups["group"].Value, m.Groups["version"].Value.ToLowerInvariant(), m.Groups["kind"].Value);
    }

    /// <summary>
    /// KubernetesClient's disambiguating prefix is the group's first label ("Admissionregistration", "Core");
    /// only the first label matters to <see cref="KubernetesApiPackages.ForGroupVersion"/>, except for the irregular groups.
    /// </summary>
    static string GroupOfPrefix(string prefix) => prefix.ToLowerInvariant() switch
    {
        "core" => "",
        var label => $"{label}.k8s.io",
    };

    /// <summary>
    /// For every non-root KubernetesClient type: the group of the root kinds of the same version that embed it.
    /// The walk stops at other root kinds (they are named by their own attribute) and at other versions.
    /// </summary>
    static IReadOnlyDictionary<Type, string> ComputeOwnerGroups()
    {
        var models = KubernetesModels.GetExportedTypes()
            .Where(t => t.IsClass)
            .Select(t => new ModelClass(t, ParseClassName(t)?.Version, t.GetCustomAttribute<KubernetesEntityAttribute>()?.Group))
            .ToDictionary(m => m.Type);
        var groupsByType = new Dictionary<Type, SortedSet<string>>();
        foreach (var root in models.Values.Where(m => m.EntityGroup is not null && m.Version is not null))
        {
            var seen = new HashSet<Type> { root.Type };
            var pending = new Stack<Type>(ReferencedModelTypes(root.Type));
            while (pending.TryPop(out var type))
            {
                if (!seen.Add(type) || !models.TryGetValue(type, out var model)) continue;
                if (model.EntityGroup is not null || model.Version != root.Version) continue;
                if (!groupsByType.TryGetValue(type, out var groups)) groupsByType[type] = groups = new(StringComparer.Ordinal);
                groups.Add(root.EntityGroup!);
                foreach (var next in ReferencedModelTypes(type)) pending.Push(next);
            }
        }

        var owners = groupsByType.ToDictionary(kv => kv.Key, kv => kv.Value.Min!);  // "" (core) sorts first
        foreach (var type in owners.Keys.ToList())
            if (OwnerGroupOverrides.TryGetValue(type.Name, out var group)) owners[type] = group;
        return owners;
    }

    readonly record struct ModelClass(Type Type, string? Version, string? EntityGroup);

    static readonly ConcurrentDictionary<Type, Type[]> References = new();

    static Type[] ReferencedModelTypes(Type type) => References.GetOrAdd(type, t =>
        t.GetProperties()
            .Where(p => p.IsDefined(typeof(JsonPropertyNameAttribute)))
            .Select(p => InnermostType(p.PropertyType))
            .Where(r => r.Assembly == KubernetesModels && r.IsClass)
            .Distinct()
            .ToArray());

    /// <summary>The model type inside Nullable, arrays, lists and dictionary values.</summary>
    static Type InnermostType(Type type)
    {
        while (true)
        {
            if (type.IsArray) type = type.GetElementType()!;
            else if (type.IsGenericType) type = type.GetGenericArguments()[^1];
            else return type;
        }
    }
}
