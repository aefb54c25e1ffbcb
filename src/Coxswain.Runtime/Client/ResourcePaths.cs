namespace Coxswain.Runtime.Client;

/// <summary>The REST paths of a resource: <c>api/v1/namespaces/ns/pods/name/status</c> and its variants.</summary>
internal static class ResourcePaths
{
    /// <summary>The collection: all namespaces (or cluster-scoped) when <paramref name="namespace"/> is null.</summary>
    public static string Collection(ApiResource resource, string? @namespace)
    {
        var groupVersion = resource.Group.Length == 0 ? $"api/{resource.Version}" : $"apis/{resource.Group}/{resource.Version}";
        return string.IsNullOrEmpty(@namespace)
            ? $"{groupVersion}/{resource.Plural}"
            : $"{groupVersion}/namespaces/{Uri.EscapeDataString(@namespace)}/{resource.Plural}";
    }

    /// <summary>One object, or one of its subresources (<c>status</c>, <c>scale</c>).</summary>
    public static string Object(ApiResource resource, string? @namespace, string name, string? subresource = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        var path = $"{Collection(resource, @namespace)}/{Uri.EscapeDataString(name)}";
        return string.IsNullOrEmpty(subresource) ? path : $"{path}/{subresource}";
    }
}
