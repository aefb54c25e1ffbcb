using Coxswain.LocalCluster.Streaming;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using ICSharpCode.SharpZipLib.Checksum;

namespace Coxswain.LocalCluster.Tests.Streaming;

/// <summary>SPDY/3 header blocks: the preset dictionary, the name/value encoding, and the connection-long zlib streams.</summary>
public sealed class SpdyHeaderCompressionTests
{
    [Fact]
    public void The_dictionary_is_the_spdy3_one()
    {
        var adler = new Adler32();
        adler.Update(SpdyHeaderDictionary.Bytes);
        Assert.Equal(1423, SpdyHeaderDictionary.Bytes.Length);
        Assert.Equal(0xe3c6a7c2L, adler.Value);
    }

    [Fact]
    public void Blocks_compressed_by_zlib_with_sync_flush_as_go_does_inflate_one_after_another()
    {
        // kubectl's error and data stream headers, compressed by zlib (level 9, the SPDY dictionary, Z_SYNC_FLUSH after
        // each block): the second block refers back into the first.
        var decompressor = new SpdyHeaderDecompressor();
        var error = decompressor.Decompress(Convert.FromHexString(
            "78f9e3c6a7c202253a703a2b294a4dcc851625aca9a0808614cb45e01c6061606100a4398b20d198094ade8c0600000000ffff"));
        var data = decompressor.Decompress(Convert.FromHexString("c2aa19540e2512d60b000000ffff"));

        Assert.Equal("streamtype: error, port: 8080, requestid: 0", error.ToString());
        Assert.Equal("data", data.Get("streamType"));
        Assert.Equal("8080", data.Get("port"));
        Assert.Equal("0", data.Get("requestID"));
    }

    [Fact]
    public void Each_block_written_names_the_dictionary_first_and_ends_with_the_sync_flush_marker()
    {
        var compressor = new SpdyHeaderCompressor();
        var first = compressor.Compress(new SpdyHeaders());
        var second = compressor.Compress(new SpdyHeaders().Add("a", "b"));

        Assert.Equal("7820E3C6A7C2", Convert.ToHexString(first[..6]));
        Assert.Equal("00000000" + "000000FFFF", Convert.ToHexString(first[^9..])); // the block (no headers), then the marker
        Assert.Equal("0000FFFF", Convert.ToHexString(second[^4..]));
        Assert.NotEqual(0x78, second[0]);
    }

    [Property(MaxTest = 50)]
    public Property Header_blocks_round_trip_in_order_over_one_stream() =>
        Prop.ForAll(Blocks().ToArbitrary(), blocks =>
        {
            var compressor = new SpdyHeaderCompressor();
            var decompressor = new SpdyHeaderDecompressor();
            foreach (var block in blocks)
            {
                var headers = new SpdyHeaders();
                foreach (var (name, value) in block) headers.Add(name, value);
                var back = decompressor.Decompress(compressor.Compress(headers));
                if (back.ToString() != headers.ToString()) return false;
            }
            return true;
        });

    [Fact]
    public void Names_are_lowercased_and_repeated_names_join_their_values_with_nul()
    {
        var headers = new SpdyHeaders().Add("X-Stream-Protocol-Version", "v4.channel.k8s.io").Add("x-stream-protocol-version", "v5.channel.k8s.io");
        var back = SpdyHeaders.Decode(headers.Encode());
        Assert.Equal("x-stream-protocol-version", Assert.Single(back).Key);
        Assert.Equal("v4.channel.k8s.io\0v5.channel.k8s.io", Assert.Single(back).Value);
        Assert.Equal("v4.channel.k8s.io", back.Get("X-Stream-Protocol-Version"));
    }

    [Fact]
    public void A_truncated_block_is_a_protocol_error()
    {
        var encoded = new SpdyHeaders().Add("port", "8080").Encode();
        Assert.Throws<SpdyProtocolException>(() => SpdyHeaders.Decode(encoded.AsSpan(0, encoded.Length - 1)));
        Assert.Throws<SpdyProtocolException>(() => new SpdyHeaderDecompressor().Decompress([0x78, 0xf9, 1, 2, 3, 4, 0xff]));
    }

    static Gen<List<List<(string, string)>>> Blocks()
    {
        var name = Gen.Elements("port", "streamtype", "requestid", "x-stream-protocol-version", "a", "content-type");
        var value = Gen.Elements("", "8080", "error", "data", "v5.channel.k8s.io", "ünïcode", new string('x', 66000)); // beyond one stored block
        var pair = name.Zip(value, (n, v) => (n, v));
        return pair.ListOf().Select(l => l.Take(3).ToList()).ListOf().Select(l => l.ToList());
    }
}
