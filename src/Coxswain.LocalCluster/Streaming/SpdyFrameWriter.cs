using System.Buffers.Binary;

namespace Coxswain.LocalCluster.Streaming;

/// <summary>
/// Writes SPDY/3.1 frames to a byte stream, one whole frame at a time (callers on any thread are serialised); header blocks
/// go through the connection's one compressor, in the order their frames are written, as the peer inflates them.
/// </summary>
public sealed class SpdyFrameWriter(Stream transport)
{
    /// <summary>DATA frames are cut to this size (spdystream reads any up to 16 MiB; smaller keeps streams interleaved).</summary>
    public const int MaxDataPayload = 32 * 1024;

    readonly SpdyHeaderCompressor headers = new();
    readonly SemaphoreSlim gate = new(1, 1);

    public async Task WriteAsync(SpdyFrame frame, CancellationToken ct = default)
    {
        await gate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            // Encoded under the lock: the compressor's state must follow the order frames reach the wire.
            var bytes = Encode(frame);
            await transport.WriteAsync(bytes, ct).ConfigureAwait(false);
            await transport.FlushAsync(ct).ConfigureAwait(false);
        }
        finally
        {
            gate.Release();
        }
    }

    byte[] Encode(SpdyFrame frame) => frame switch
    {
        SpdyDataFrame d => Data(d),
        SpdySynStreamFrame s => Control(SpdyControlType.SynStream, Flags(s.Fin, s.Unidirectional),
            [.. Id(s.StreamId), .. Id(s.AssociatedStreamId), (byte)(s.Priority << 5), 0, .. headers.Compress(s.Headers)]),
        SpdySynReplyFrame r => Control(SpdyControlType.SynReply, Flags(r.Fin), [.. Id(r.StreamId), .. headers.Compress(r.Headers)]),
        SpdyRstStreamFrame r => Control(SpdyControlType.RstStream, 0, [.. Id(r.StreamId), .. Word((uint)r.Status)]),
        SpdySettingsFrame s => Control(SpdyControlType.Settings, Flags(s.ClearSettings),
            [.. Word((uint)s.Settings.Count), .. s.Settings.SelectMany(e => Word((uint)e.Flags << 24 | e.Id & 0xffffff).Concat(Word(e.Value)))]),
        SpdyPingFrame p => Control(SpdyControlType.Ping, 0, Word(p.Id)),
        SpdyGoAwayFrame g => Control(SpdyControlType.GoAway, 0, [.. Id(g.LastGoodStreamId), .. Word(g.Status)]),
        SpdyHeadersFrame h => Control(SpdyControlType.Headers, Flags(h.Fin), [.. Id(h.StreamId), .. headers.Compress(h.Headers)]),
        SpdyWindowUpdateFrame w => Control(SpdyControlType.WindowUpdate, 0, [.. Id(w.StreamId), .. Word(w.DeltaWindowSize & 0x7fff_ffff)]),
        _ => throw new ArgumentException($"unknown frame {frame.GetType().Name}", nameof(frame)),
    };

    static byte[] Data(SpdyDataFrame d)
    {
        if (d.Data.Length > SpdyFrameReader.MaxPayload) throw new ArgumentException("DATA payload exceeds 24 bits", nameof(d));
        var bytes = new byte[8 + d.Data.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, d.StreamId & 0x7fff_ffff);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), (uint)(d.Fin ? 0x01 : 0) << 24 | (uint)d.Data.Length);
        d.Data.Span.CopyTo(bytes.AsSpan(8));
        return bytes;
    }

    static byte[] Control(SpdyControlType type, byte flags, byte[] payload)
    {
        var bytes = new byte[8 + payload.Length];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, 0x8000_0000u | 3u << 16 | (ushort)type);
        BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), (uint)flags << 24 | (uint)payload.Length);
        payload.CopyTo(bytes, 8);
        return bytes;
    }

    static byte Flags(bool first, bool second = false) => (byte)((first ? 0x01 : 0) | (second ? 0x02 : 0));

    static byte[] Id(uint streamId) => Word(streamId & 0x7fff_ffff);

    static byte[] Word(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, value);
        return bytes;
    }
}
