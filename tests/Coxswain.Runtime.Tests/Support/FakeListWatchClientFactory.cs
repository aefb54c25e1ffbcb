using System.Collections.Concurrent;
using Coxswain.Runtime.Client;

namespace Coxswain.Runtime.Tests.Support;

/// <summary>Hands out one scripted client per (model type, resource, namespace), created on first use.</summary>
internal sealed class FakeListWatchClientFactory : IListWatchClientFactory
{
    private readonly ConcurrentDictionary<(Type, ApiResource, string?), object> _clients = new();

    public int Created => _clients.Count;

    public FakeListWatchClient<T> For<T>(ApiResource resource, string? @namespace = null) =>
        (FakeListWatchClient<T>)_clients.GetOrAdd((typeof(T), resource, @namespace), _ => new FakeListWatchClient<T>(resource));

    public IListWatchClient<T> Create<T>(ApiResource resource, string? @namespace) => For<T>(resource, @namespace);
}
