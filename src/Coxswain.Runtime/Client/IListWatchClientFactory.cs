namespace Coxswain.Runtime.Client;

/// <summary>Creates list/watch clients, so shared informers can be built for any kind on demand.</summary>
public interface IListWatchClientFactory
{
    /// <param name="resource">The resource to list and watch (for metadata-only clients, the real resource).</param>
    /// <param name="namespace">One namespace, or null for all.</param>
    IListWatchClient<T> Create<T>(ApiResource resource, string? @namespace);
}
