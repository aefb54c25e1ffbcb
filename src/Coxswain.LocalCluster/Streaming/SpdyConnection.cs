using System.Collections.Concurrent;

namespace Coxswain.LocalCluster.Streaming;

/// <summary>
/// The server side of a SPDY/3.1 connection as client-go's httpstream/spdy expects it (moby/spdystream's semantics): the
/// client opens odd-numbered streams with SYN_STREAM; each is checked, then either answered with SYN_REPLY and handed
/// to the caller, or refused with RST_STREAM. The client's PINGs are echoed; SETTINGS and WINDOW_UPDATE are read and
/// ignored (spdystream keeps no flow-control windows); GOAWAY means no new streams. <see cref="RunAsync"/> ends when the
/// client closes the connection; every stream still open is then aborted.
/// </summary>
public sealed class SpdyConnection(Stream transport)
{
    readonly SpdyFrameReader reader = new(transport);
    readonly SpdyFrameWriter writer = new(transport);
    readonly ConcurrentDictionary<uint, SpdyStream> streams = new();
    uint nextExpectedStreamId = 1;
    bool goneAway;

    /// <param name="validate">Checks a new stream's headers: null accepts it, a message refuses it (as the stream handler's error).</param>
    /// <param name="accepted">Called with each accepted stream, after its SYN_REPLY is on the wire.</param>
    /// <param name="refused">Called with the message of each refused stream.</param>
    public async Task RunAsync(Func<SpdyHeaders, string?> validate, Action<SpdyStream> accepted, Action<string>? refused, CancellationToken ct)
    {
        try
        {
            while (await reader.ReadAsync(ct).ConfigureAwait(false) is { } frame)
                await HandleAsync(frame, validate, accepted, refused, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or EndOfStreamException or OperationCanceledException or ObjectDisposedException)
        {
            // The client went away (or the server is stopping): the streams end with it.
        }
        finally
        {
            foreach (var stream in streams.Values) stream.Abort();
            streams.Clear();
        }
    }

    async Task HandleAsync(SpdyFrame frame, Func<SpdyHeaders, string?> validate, Action<SpdyStream> accepted, Action<string>? refused, CancellationToken ct)
    {
        switch (frame)
        {
            case SpdySynStreamFrame syn:
                // spdystream refuses ids that are not new, and every stream once it has gone away.
                if (goneAway || syn.StreamId < nextExpectedStreamId || syn.StreamId % 2 == 0)
                {
                    await SendAsync(new SpdyRstStreamFrame(syn.StreamId, SpdyResetStatus.ProtocolError), ct).ConfigureAwait(false);
                    return;
                }
                nextExpectedStreamId = syn.StreamId + 2;
                var stream = new SpdyStream(this, syn.StreamId, syn.Headers);
                if (validate(syn.Headers) is { } problem)
                {
                    refused?.Invoke(problem);
                    await SendAsync(new SpdyRstStreamFrame(syn.StreamId, SpdyResetStatus.Cancel), ct).ConfigureAwait(false);
                    return;
                }
                streams[syn.StreamId] = stream;
                if (syn.Fin) stream.ReceiveFin();
                await SendAsync(new SpdySynReplyFrame(syn.StreamId, false, new SpdyHeaders()), ct).ConfigureAwait(false);
                accepted(stream);
                return;
            case SpdyDataFrame data when streams.TryGetValue(data.StreamId, out var target):
                target.Receive(data.Data);
                if (data.Fin) Finish(target);
                return;
            case SpdyHeadersFrame { Fin: true } headers when streams.TryGetValue(headers.StreamId, out var target):
                Finish(target);
                return;
            case SpdyRstStreamFrame rst when streams.TryRemove(rst.StreamId, out var target):
                target.Abort();
                return;
            case SpdyPingFrame ping when ping.Id % 2 == 1:
                await SendAsync(ping, ct).ConfigureAwait(false);
                return;
            case SpdyGoAwayFrame:
                goneAway = true;
                return;
            default:
                // SYN_REPLY (this side opens no streams), SETTINGS, WINDOW_UPDATE, our own PINGs' echoes, frames of forgotten streams.
                return;
        }
    }

    void Finish(SpdyStream stream)
    {
        stream.ReceiveFin();
        if (stream.LocalFinished) streams.TryRemove(stream.Id, out _);
    }

    internal async Task SendAsync(SpdyFrame frame, CancellationToken ct)
    {
        try
        {
            await writer.WriteAsync(frame, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is ObjectDisposedException or InvalidOperationException or OperationCanceledException)
        {
            throw new IOException("the SPDY connection is closed", e);
        }
    }

    /// <summary>A stream this side finished: dropped once the peer has finished it too (later frames for it are ignored).</summary>
    internal void Forget(SpdyStream stream)
    {
        if (stream.RemoteFinished) streams.TryRemove(stream.Id, out _);
    }

    /// <summary>Tells the client no more streams will be accepted (GOAWAY OK), as spdystream's Close does.</summary>
    public Task GoAwayAsync(CancellationToken ct = default) =>
        SendAsync(new SpdyGoAwayFrame(nextExpectedStreamId > 2 ? nextExpectedStreamId - 2 : 0, 0), ct);
}
