using System.Threading.Channels;
using Coxswain.Runtime.Cache;

namespace Coxswain.Runtime.Informers;

/// <summary>
/// One subscriber's view of a <see cref="SharedInformer{T}"/>: every change of the cache, starting with the objects
/// already cached (as additions). The buffer is unbounded, as client-go's listeners are, so a slow subscriber delays
/// only itself, never the informer or the other subscribers. Dispose to unsubscribe.
/// </summary>
public sealed class InformerSubscription<T> : IDisposable
{
    private readonly Channel<ObjectChange<T>> _changes = Channel.CreateUnbounded<ObjectChange<T>>();

    private readonly Action<InformerSubscription<T>> _unsubscribe;

    internal InformerSubscription(Action<InformerSubscription<T>> unsubscribe)
    {
        _unsubscribe = unsubscribe;
    }

    /// <summary>Changes not yet read.</summary>
    public int Pending => _changes.Reader.Count;

    /// <summary>Reads changes until the subscription is disposed, the informer stops, or the token is cancelled.</summary>
    public IAsyncEnumerable<ObjectChange<T>> ReadAllAsync(CancellationToken cancellationToken = default) =>
        _changes.Reader.ReadAllAsync(cancellationToken);

    public void Dispose() => _unsubscribe(this);

    internal void Publish(ObjectChange<T> change) => _changes.Writer.TryWrite(change);

    internal void Complete() => _changes.Writer.TryComplete();
}
