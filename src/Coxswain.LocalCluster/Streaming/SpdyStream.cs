using System.Threading.Channels;

namespace Coxswain.LocalCluster.Streaming;

/// <summary>
/// One stream of a <see cref="SpdyConnection"/> that the peer opened, as a byte stream: reads return what its DATA frames
/// carried (0 once the peer half-closed it with FIN, or reset it); writes send DATA frames. <see cref="CloseWriteAsync"/>
/// half-closes this side (an empty DATA frame with FIN, what spdystream's Close sends), <see cref="ResetAsync"/> aborts
/// both (RST_STREAM CANCEL). No flow control: spdystream neither sends nor honours WINDOW_UPDATE.
/// </summary>
public sealed class SpdyStream : Stream
{
    readonly SpdyConnection connection;
    readonly Channel<ReadOnlyMemory<byte>> inbound = Channel.CreateUnbounded<ReadOnlyMemory<byte>>(new() { SingleReader = true, SingleWriter = true });
    readonly CancellationTokenSource reset = new();
    ReadOnlyMemory<byte> pending;
    int localFinished;

    internal SpdyStream(SpdyConnection connection, uint id, SpdyHeaders headers)
    {
        this.connection = connection;
        Id = id;
        Headers = headers;
    }

    public uint Id { get; }
    public SpdyHeaders Headers { get; }
    /// <summary>Cancelled when either side resets the stream or the connection ends.</summary>
    public CancellationToken Aborted => reset.Token;
    internal bool RemoteFinished { get; private set; }
    internal bool LocalFinished => Volatile.Read(ref localFinished) != 0;

    // ---- frames from the connection's read loop ------------------------------------------------------------------

    internal void Receive(ReadOnlyMemory<byte> data)
    {
        if (data.Length > 0 && !RemoteFinished) inbound.Writer.TryWrite(data);
    }

    internal void ReceiveFin()
    {
        RemoteFinished = true;
        inbound.Writer.TryComplete();
    }

    /// <summary>The peer reset the stream, or the connection is gone: reads end, writes fail.</summary>
    internal void Abort()
    {
        RemoteFinished = true;
        Interlocked.Exchange(ref localFinished, 1);
        inbound.Writer.TryComplete();
        reset.Cancel();
    }

    // ---- this side ----------------------------------------------------------------------------------------------------

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default)
    {
        if (buffer.Length == 0) return 0;
        while (pending.IsEmpty)
        {
            if (!await inbound.Reader.WaitToReadAsync(ct).ConfigureAwait(false)) return 0;
            inbound.Reader.TryRead(out pending);
        }
        var n = Math.Min(buffer.Length, pending.Length);
        pending[..n].CopyTo(buffer);
        pending = pending[n..];
        return n;
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken ct = default)
    {
        while (!buffer.IsEmpty)
        {
            if (LocalFinished) throw new IOException($"write on closed or reset SPDY stream {Id}");
            var n = Math.Min(buffer.Length, SpdyFrameWriter.MaxDataPayload);
            await connection.SendAsync(new SpdyDataFrame(Id, false, buffer[..n]), ct).ConfigureAwait(false);
            buffer = buffer[n..];
        }
    }

    /// <summary>Half-closes this side: the peer reads end of stream. Idempotent; a no-op after a reset.</summary>
    public async Task CloseWriteAsync(CancellationToken ct = default)
    {
        if (Interlocked.Exchange(ref localFinished, 1) != 0) return;
        try { await connection.SendAsync(new SpdyDataFrame(Id, true, ReadOnlyMemory<byte>.Empty), ct).ConfigureAwait(false); }
        catch (IOException) { } // the connection is gone: nothing left to close
        connection.Forget(this);
    }

    /// <summary>Aborts the stream both ways (RST_STREAM with CANCEL).</summary>
    public async Task ResetAsync(CancellationToken ct = default)
    {
        if (Aborted.IsCancellationRequested) return;
        Abort();
        try { await connection.SendAsync(new SpdyRstStreamFrame(Id, SpdyResetStatus.Cancel), ct).ConfigureAwait(false); }
        catch (IOException) { }
        connection.Forget(this);
    }

    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override void Write(byte[] buffer, int offset, int count) => WriteAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();
    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => ReadAsync(buffer.AsMemory(offset, count), ct).AsTask();
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken ct) => WriteAsync(buffer.AsMemory(offset, count), ct).AsTask();
    public override void Flush() { }
    public override Task FlushAsync(CancellationToken ct) => Task.CompletedTask;
    public override bool CanRead => true;
    public override bool CanWrite => true;
    public override bool CanSeek => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
