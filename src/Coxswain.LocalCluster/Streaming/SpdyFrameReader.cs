using System.Buffers.Binary;

namespace Coxswain.LocalCluster.Streaming;

/// <summary>
/// Reads SPDY/3.1 frames off a byte stream: an 8-byte header (control bit, version 3 and type, or a stream id; flags and a
/// 24-bit length), then the payload; header blocks are inflated through the connection's one decompressor.
/// </summary>
public sealed class SpdyFrameReader(Stream transport)
{
    /// <summary>The largest payload a 24-bit length can say.</summary>
    public const int MaxPayload = (1 << 24) - 1;

    readonly SpdyHeaderDecompressor headers = new();
    readonly byte[] header = new byte[8];

    /// <summary>The next frame, or null when the peer closed the stream cleanly between frames.</summary>
    public async Task<SpdyFrame?> ReadAsync(CancellationToken ct)
    {
        if (!await FillAsync(header, allowEnd: true, ct).ConfigureAwait(false)) return null;
        var first = BinaryPrimitives.ReadUInt32BigEndian(header);
        var flags = header[4];
        var length = (int)(BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(4)) & 0xffffff);
        var payload = new byte[length];
        await FillAsync(payload, allowEnd: false, ct).ConfigureAwait(false);

        if ((first & 0x8000_0000) == 0)
        {
            var streamId = first & 0x7fff_ffff;
            if (streamId == 0) throw new SpdyProtocolException("data frame on stream 0");
            return new SpdyDataFrame(streamId, (flags & 0x01) != 0, payload);
        }
        var version = (first >> 16) & 0x7fff;
        if (version != 3) throw new SpdyProtocolException($"unsupported SPDY version {version}");
        return Parse((SpdyControlType)(first & 0xffff), flags, payload);
    }

    SpdyFrame Parse(SpdyControlType type, byte flags, byte[] p)
    {
        var fin = (flags & 0x01) != 0;
        switch (type)
        {
            case SpdyControlType.SynStream:
                Require(p, 10, type);
                return new SpdySynStreamFrame(StreamId(p, 0), StreamId(p, 4), (byte)(p[8] >> 5), fin, (flags & 0x02) != 0,
                    headers.Decompress(p[10..]));
            case SpdyControlType.SynReply:
                Require(p, 4, type);
                return new SpdySynReplyFrame(StreamId(p, 0), fin, headers.Decompress(p[4..]));
            case SpdyControlType.RstStream:
                Require(p, 8, type);
                return new SpdyRstStreamFrame(StreamId(p, 0), (SpdyResetStatus)BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(4)));
            case SpdyControlType.Settings:
            {
                Require(p, 4, type);
                var count = BinaryPrimitives.ReadUInt32BigEndian(p);
                if (p.Length != 4 + count * 8) throw new SpdyProtocolException($"SETTINGS frame of {p.Length} bytes for {count} entries");
                var settings = new List<SpdySetting>();
                for (var i = 0; i < count; i++)
                {
                    var entry = BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(4 + i * 8));
                    settings.Add(new SpdySetting((byte)(entry >> 24), entry & 0xffffff, BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(8 + i * 8))));
                }
                return new SpdySettingsFrame(fin, settings);
            }
            case SpdyControlType.Ping:
                Require(p, 4, type);
                return new SpdyPingFrame(BinaryPrimitives.ReadUInt32BigEndian(p));
            case SpdyControlType.GoAway:
                Require(p, 8, type);
                return new SpdyGoAwayFrame(StreamId(p, 0), BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(4)));
            case SpdyControlType.Headers:
                Require(p, 4, type);
                return new SpdyHeadersFrame(StreamId(p, 0), fin, headers.Decompress(p[4..]));
            case SpdyControlType.WindowUpdate:
                Require(p, 8, type);
                return new SpdyWindowUpdateFrame(StreamId(p, 0), BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(4)) & 0x7fff_ffff);
            default:
                throw new SpdyProtocolException($"unknown control frame type {(ushort)type}");
        }
    }

    static uint StreamId(byte[] p, int at) => BinaryPrimitives.ReadUInt32BigEndian(p.AsSpan(at)) & 0x7fff_ffff;

    static void Require(byte[] p, int length, SpdyControlType type)
    {
        if (p.Length < length) throw new SpdyProtocolException($"{type} frame of {p.Length} bytes is too short");
    }

    async Task<bool> FillAsync(byte[] buffer, bool allowEnd, CancellationToken ct)
    {
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await transport.ReadAsync(buffer.AsMemory(read), ct).ConfigureAwait(false);
            if (n == 0)
            {
                if (read == 0 && allowEnd) return false;
                throw new EndOfStreamException("connection closed inside a SPDY frame");
            }
            read += n;
        }
        return true;
    }
}
