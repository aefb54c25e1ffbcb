namespace Coxswain.LocalCluster.Streaming;

/// <summary>
/// SPDY/3.1 frames as moby/spdystream (what client-go's httpstream/spdy speaks) reads and writes them: the control frames
/// SYN_STREAM, SYN_REPLY, RST_STREAM, SETTINGS, PING, GOAWAY, HEADERS, WINDOW_UPDATE and DATA frames. Stream ids are
/// 31-bit; the client opens odd ones.
/// </summary>
public abstract record SpdyFrame;

public enum SpdyControlType : ushort
{
    SynStream = 1,
    SynReply = 2,
    RstStream = 3,
    Settings = 4,
    Ping = 6,
    GoAway = 7,
    Headers = 8,
    WindowUpdate = 9,
}

/// <summary>RST_STREAM status codes (SPDY/3 section 2.6.3).</summary>
public enum SpdyResetStatus : uint
{
    ProtocolError = 1,
    InvalidStream = 2,
    RefusedStream = 3,
    UnsupportedVersion = 4,
    Cancel = 5,
    InternalError = 6,
    FlowControlError = 7,
    StreamInUse = 8,
    StreamAlreadyClosed = 9,
    InvalidCredentials = 10,
    FrameTooLarge = 11,
}

public sealed record SpdyDataFrame(uint StreamId, bool Fin, ReadOnlyMemory<byte> Data) : SpdyFrame;

/// <summary>Opens a stream; <paramref name="Unidirectional"/> means the opener will not receive data on it.</summary>
public sealed record SpdySynStreamFrame(uint StreamId, uint AssociatedStreamId, byte Priority, bool Fin, bool Unidirectional, SpdyHeaders Headers) : SpdyFrame;

public sealed record SpdySynReplyFrame(uint StreamId, bool Fin, SpdyHeaders Headers) : SpdyFrame;

public sealed record SpdyRstStreamFrame(uint StreamId, SpdyResetStatus Status) : SpdyFrame;

public sealed record SpdySettingsFrame(bool ClearSettings, IReadOnlyList<SpdySetting> Settings) : SpdyFrame;

public sealed record SpdySetting(byte Flags, uint Id, uint Value);

/// <summary>Answered by echoing the same id; the client's ids are odd, the server's even.</summary>
public sealed record SpdyPingFrame(uint Id) : SpdyFrame;

public sealed record SpdyGoAwayFrame(uint LastGoodStreamId, uint Status) : SpdyFrame;

public sealed record SpdyHeadersFrame(uint StreamId, bool Fin, SpdyHeaders Headers) : SpdyFrame;

public sealed record SpdyWindowUpdateFrame(uint StreamId, uint DeltaWindowSize) : SpdyFrame;

/// <summary>A frame or header block that breaks SPDY/3.1: the connection cannot continue.</summary>
public sealed class SpdyProtocolException(string message, Exception? inner = null) : Exception(message, inner);
