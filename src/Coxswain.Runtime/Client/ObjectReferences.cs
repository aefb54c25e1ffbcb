using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Client;

/// <summary>
/// Renders object references the way kube-rs displays its <c>ObjectRef</c>: <c>Kind.version.group/name.namespace</c>
/// (<c>Pod.v1./web-0.default</c>, <c>Deployment.v1.apps/web.default</c>, <c>Node.v1./node-1</c>). This is the
/// <c>object.ref</c> vocabulary of seed 003's troubleshooting guide.
/// </summary>
public static class ObjectReferences
{
    public static string Format(string kind, string version, string group, string name, string? @namespace) =>
        string.IsNullOrEmpty(@namespace) ? $"{kind}.{version}.{group}/{name}" : $"{kind}.{version}.{group}/{name}.{@namespace}";

    public static string Format(ApiResource resource, string name, string? @namespace) =>
        Format(resource.Kind, resource.Version, resource.Group, name, @namespace);

    /// <summary>The reference of an object, from its own <c>kind</c> and <c>apiVersion</c>.</summary>
    public static string Format(IKubernetesObject<V1ObjectMeta> obj)
    {
        var (group, version) = SplitApiVersion(obj.ApiVersion);
        return Format(obj.Kind ?? string.Empty, version, group, obj.Metadata?.Name ?? "<unnamed>", obj.Metadata?.NamespaceProperty);
    }

    /// <summary>Splits <c>apps/v1</c> into (<c>apps</c>, <c>v1</c>) and <c>v1</c> into (empty, <c>v1</c>).</summary>
    public static (string Group, string Version) SplitApiVersion(string? apiVersion)
    {
        if (string.IsNullOrEmpty(apiVersion))
        {
            return (string.Empty, string.Empty);
        }

        var slash = apiVersion.IndexOf('/');
        return slash < 0 ? (string.Empty, apiVersion) : (apiVersion[..slash], apiVersion[(slash + 1)..]);
    }
}
