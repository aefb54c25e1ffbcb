using k8s;

namespace Coxswain.Runtime.Client;

/// <summary>Creates <see cref="KubernetesListWatchClient{T}"/>s sharing one KubernetesClient connection.</summary>
public sealed class KubernetesListWatchClientFactory(Kubernetes client) : IListWatchClientFactory
{
    public IListWatchClient<T> Create<T>(ApiResource resource, string? @namespace) =>
        new KubernetesListWatchClient<T>(client, resource, @namespace);
}
