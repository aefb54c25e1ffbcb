using System.Reflection;
using System.Text.Json.Serialization;
using Coxswain.LocalCluster.Protobuf;

namespace Coxswain.LocalCluster.Tests.Protobuf;

/// <summary>Finds the KubernetesClient model of a protobuf message, the independent record of its JSON names.</summary>
internal static class KubernetesModels
{
    static readonly Dictionary<string, Type> ModelsByName = typeof(k8s.Models.V1Pod).Assembly.GetTypes()
        .Where(t => t.Namespace == "k8s.Models" && t.IsClass && !t.IsNested)
        .ToDictionary(t => t.Name, StringComparer.Ordinal);

    /// <summary>
    /// KubernetesClient names models V1Pod, and prefixes the group where names collide (Corev1Event, Eventsv1Event,
    /// Apiextensionsv1ServiceReference).
    /// </summary>
    public static Type? For(ProtoMessageType message)
    {
        var parts = message.Name.Split('.');
        var (version, name) = (parts[^2], parts[^1]);
        var group = parts[^3] == "meta" ? "meta" : parts[^3];
        string[] candidates = [Capitalize(group) + version + name, Capitalize(version) + name];
        return candidates.Select(c => ModelsByName.GetValueOrDefault(c)).FirstOrDefault(t => t is not null);
    }

    public static IReadOnlySet<string> JsonNames(Type model) => model.GetProperties()
        .Select(p => p.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name)
        .OfType<string>()
        .ToHashSet(StringComparer.Ordinal);

    static string Capitalize(string s) => char.ToUpperInvariant(s[0]) + s[1..];
}
