using Coxswain.LocalCluster.Streaming;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Coxswain.LocalCluster.Tests.Streaming;

/// <summary>SPDY/3.1 frames on the wire: every frame type written and read back, and the exact bytes of the simple ones.</summary>
public sealed class SpdyFramingTests
{
    public static TheoryData<SpdyFrame> Frames() =>
    [
        new SpdySynStreamFrame(1, 0, 3, false, false, new SpdyHeaders().Add("streamtype", "error").Add("port", "8080")),
        new SpdySynStreamFrame(7, 5, 0, true, true, new SpdyHeaders()),
        new SpdySynReplyFrame(3, false, new SpdyHeaders()),
        new SpdySynReplyFrame(5, true, new SpdyHeaders().Add("a", "b")),
        new SpdyRstStreamFrame(9, SpdyResetStatus.Cancel),
        new SpdySettingsFrame(false, [new SpdySetting(1, 7, 65536), new SpdySetting(0, 4, 100)]),
        new SpdyPingFrame(11),
        new SpdyGoAwayFrame(13, 0),
        new SpdyHeadersFrame(15, true, new SpdyHeaders().Add("x", "y")),
        new SpdyWindowUpdateFrame(17, 1000),
    ];

    [Theory]
    [MemberData(nameof(Frames))]
    public async Task Control_frames_round_trip(SpdyFrame frame)
    {
        var back = Assert.Single(await RoundTripAsync(frame));
        Assert.Equal(Describe(frame), Describe(back));
    }

    [Property(MaxTest = 50)]
    public Property Data_frames_round_trip() =>
        Prop.ForAll(Gen.Choose(1, int.MaxValue).ToArbitrary(), ArbMap.Default.ArbFor<bool>(), ArbMap.Default.ArbFor<byte[]>(), (id, fin, data) =>
        {
            var back = (SpdyDataFrame)RoundTripAsync(new SpdyDataFrame((uint)id, fin, data)).GetAwaiter().GetResult().Single();
            return back.StreamId == (uint)id && back.Fin == fin && back.Data.ToArray().SequenceEqual(data);
        });

    [Fact]
    public async Task Simple_frames_have_spdystreams_layout()
    {
        Assert.Equal("000000050100000268 69".Replace(" ", ""), Convert.ToHexString(await BytesAsync(new SpdyDataFrame(5, true, "hi"u8.ToArray()))).ToLowerInvariant());
        Assert.Equal("800300060000000400000007", Convert.ToHexString(await BytesAsync(new SpdyPingFrame(7))).ToLowerInvariant());
        Assert.Equal("80030003000000080000000300000005", Convert.ToHexString(await BytesAsync(new SpdyRstStreamFrame(3, SpdyResetStatus.Cancel))).ToLowerInvariant());
        Assert.Equal("80030007000000080000000100000000", Convert.ToHexString(await BytesAsync(new SpdyGoAwayFrame(1, 0))).ToLowerInvariant());
    }

    [Fact]
    public async Task A_clean_end_between_frames_reads_as_null_and_a_cut_frame_or_another_version_fails()
    {
        Assert.Null(await new SpdyFrameReader(new MemoryStream()).ReadAsync(CancellationToken.None));
        var ping = await BytesAsync(new SpdyPingFrame(7));
        await Assert.ThrowsAsync<EndOfStreamException>(() => new SpdyFrameReader(new MemoryStream(ping[..10])).ReadAsync(CancellationToken.None));
        ping[1] = 2; // SPDY/2
        await Assert.ThrowsAsync<SpdyProtocolException>(() => new SpdyFrameReader(new MemoryStream(ping)).ReadAsync(CancellationToken.None));
    }

    static async Task<byte[]> BytesAsync(SpdyFrame frame)
    {
        var wire = new MemoryStream();
        await new SpdyFrameWriter(wire).WriteAsync(frame);
        return wire.ToArray();
    }

    static async Task<List<SpdyFrame>> RoundTripAsync(params SpdyFrame[] frames)
    {
        var wire = new MemoryStream();
        var writer = new SpdyFrameWriter(wire);
        foreach (var frame in frames) await writer.WriteAsync(frame);
        wire.Position = 0;
        var reader = new SpdyFrameReader(wire);
        var read = new List<SpdyFrame>();
        while (await reader.ReadAsync(CancellationToken.None) is { } frame) read.Add(frame);
        return read;
    }

    /// <summary>Records compare their SpdyHeaders and lists by reference; their text says what they hold.</summary>
    static string Describe(SpdyFrame frame) => frame switch
    {
        SpdySettingsFrame s => $"settings {s.ClearSettings} {string.Join(",", s.Settings)}",
        _ => frame.ToString(),
    };
}
