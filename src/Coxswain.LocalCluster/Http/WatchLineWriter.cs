using System.Buffers;
using System.IO.Pipelines;

namespace Coxswain.LocalCluster.Http;

/// <summary>
/// Writes watch lines into the response pipe and sends them once per batch. Kestrel flushes on every
/// <c>Response.Body.WriteAsync</c>, which made each event its own HTTP chunk, TLS record and send() call for every watcher;
/// buffering a batch and flushing once turns that into one of each per batch (and per 64 KB of a long initial list),
/// which is most of what fan-out to many watchers costs.
/// </summary>
sealed class WatchLineWriter(PipeWriter output)
{
    const int FlushThreshold = 64 * 1024;
    long unflushed;

    /// <summary>Buffers <paramref name="line"/>; sends what is buffered once it passes the threshold.</summary>
    public ValueTask WriteAsync(ReadOnlySpan<byte> line, CancellationToken ct)
    {
        output.Write(line);
        unflushed += line.Length;
        return unflushed >= FlushThreshold ? FlushAsync(ct) : ValueTask.CompletedTask;
    }

    public async ValueTask FlushAsync(CancellationToken ct)
    {
        unflushed = 0;
        var result = await output.FlushAsync(ct).ConfigureAwait(false);
        // The connection is gone: end the watch as a cancelled one, like a client hanging up mid-write.
        if (result.IsCompleted || result.IsCanceled) throw new OperationCanceledException("watch client went away");
    }
}
