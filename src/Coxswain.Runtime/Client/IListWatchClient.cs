namespace Coxswain.Runtime.Client;

/// <summary>
/// The two calls a watcher needs for one resource (client-go's <c>ListerWatcher</c>). Failures surface as
/// <see cref="KubernetesApiException"/> (an HTTP status from the server) or <see cref="HttpRequestException"/> (no
/// answer at all).
/// </summary>
public interface IListWatchClient<T>
{
    /// <summary>The resource being listed and watched.</summary>
    ApiResource Resource { get; }

    Task<ObjectList<T>> ListAsync(ListRequest request, CancellationToken cancellationToken);

    /// <summary>Streams watch events until the server closes the stream or <paramref name="cancellationToken"/> is cancelled.</summary>
    IAsyncEnumerable<WatchEvent<T>> WatchAsync(WatchRequest request, CancellationToken cancellationToken);
}
