using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Client;

/// <summary>
/// Read-modify-write updates that survive concurrent writers: the change is applied to a copy of the object (never to
/// the cached instance), written with the object's <c>resourceVersion</c>, and on 409 Conflict re-applied to a fresh read
/// (<see cref="ConflictRetry"/>). A change that leaves the object as it was is not written at all — seed 003's cure for a
/// controller re-triggering itself with no-op writes.
/// </summary>
public static class ResourceUpdates
{
    /// <summary>Updates the object with <paramref name="mutate"/>, retrying on conflict; returns the stored object.</summary>
    /// <param name="client">The client of the object's resource.</param>
    /// <param name="current">The object as last observed (e.g. from the cache); it is not modified.</param>
    /// <param name="mutate">Changes the copy it is given; runs again on a fresh copy after each conflict.</param>
    /// <param name="options">Field manager and dry run.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    public static Task<T> UpdateAsync<T>(
        this ResourceClient<T> client, T current, Action<T> mutate, WriteOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        UpdateWithRetryAsync(client, current, mutate, client.ReplaceAsync, options, cancellationToken);

    /// <summary>
    /// Updates the <c>status</c> subresource with <paramref name="mutate"/>, retrying on conflict; returns the stored
    /// object. Only status changes are persisted.
    /// </summary>
    /// <param name="client">The client of the object's resource.</param>
    /// <param name="current">The object as last observed (e.g. from the cache); it is not modified.</param>
    /// <param name="mutate">Changes the status of the copy it is given; runs again on a fresh copy after each conflict.</param>
    /// <param name="options">Field manager and dry run.</param>
    /// <param name="cancellationToken">Cancels the update.</param>
    public static Task<T> UpdateStatusAsync<T>(
        this ResourceClient<T> client, T current, Action<T> mutate, WriteOptions? options = null, CancellationToken cancellationToken = default)
        where T : class, IKubernetesObject<V1ObjectMeta> =>
        UpdateWithRetryAsync(client, current, mutate, client.ReplaceStatusAsync, options, cancellationToken);

    private static Task<T> UpdateWithRetryAsync<T>(
        ResourceClient<T> client,
        T current,
        Action<T> mutate,
        Func<T, WriteOptions?, CancellationToken, Task<T>> write,
        WriteOptions? options,
        CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        ArgumentNullException.ThrowIfNull(current);
        ArgumentNullException.ThrowIfNull(mutate);
        var (@namespace, name) = (current.Metadata?.NamespaceProperty, current.Metadata?.Name ?? throw new ArgumentException("The object has no name.", nameof(current)));
        return ConflictRetry.RunAsync(
            async (attempt, ct) =>
            {
                // The first attempt trusts the caller's copy; after a conflict it is stale by definition.
                var latest = attempt == 1 ? current : await client.GetAsync(@namespace, name, ct).ConfigureAwait(false);
                var before = JsonNode.Parse(KubernetesJson.Serialize(latest));
                var desired = KubernetesJson.Deserialize<T>(before!.ToJsonString());
                mutate(desired);
                if (JsonNode.DeepEquals(before, JsonNode.Parse(KubernetesJson.Serialize(desired))))
                {
                    return latest;
                }

                return await write(desired, options, ct).ConfigureAwait(false);
            },
            cancellationToken: cancellationToken);
    }
}
