using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Integration.Support;

/// <summary>Object builders and namespace setup for tests against the local server.</summary>
internal static class Cluster
{
    public static V1ConfigMap ConfigMap(string name, string @namespace, IDictionary<string, string>? data = null, IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = @namespace, Labels = labels },
        Data = data,
    };

    /// <summary>Creates a namespace named after the test, so objects of different tests never meet.</summary>
    public static async Task<string> NamespaceAsync(this Kubernetes client, string name)
    {
        await client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = name } });
        return name;
    }
}
