namespace Coxswain.KubeControllers;

/// <summary>Reading labels and annotations, which the client models expose as nullable <see cref="IDictionary{TKey,TValue}"/>s.</summary>
internal static class MetadataMaps
{
    public static string? ValueOf(this IDictionary<string, string>? map, string key) =>
        map is not null && map.TryGetValue(key, out var value) ? value : null;
}
