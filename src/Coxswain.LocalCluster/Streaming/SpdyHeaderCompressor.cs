using System.Buffers.Binary;
using ICSharpCode.SharpZipLib.Checksum;

namespace Coxswain.LocalCluster.Streaming;

/// <summary>
/// Writes the header blocks one side of a SPDY connection sends as one zlib stream for the connection's life, whose
/// header names the SPDY/3 dictionary (<see cref="SpdyHeaderDictionary"/>). Each header block is DEFLATE "stored" data
/// followed by an empty stored block, byte for byte the ending of Go's Z_SYNC_FLUSH (<c>00 00 00 ff ff</c>): Go's
/// inflater hands out a non-final block's bytes only when the next block begins, and its zlib reader keeps the first
/// error for good, so a block without that marker reads as "unexpected EOF" and kubectl drops the connection.
/// Compressing would save nothing worth having (our blocks are a few bytes) and SharpZipLib's flush leaves the last bits
/// back, where the marker must be byte-aligned. Not thread-safe: the frame writer serialises its callers.
/// </summary>
public sealed class SpdyHeaderCompressor
{
    /// <summary>zlib CMF (deflate, 32 KiB window) and FLG with FDICT set and FLEVEL 0, a multiple of 31 as the format requires.</summary>
    const ushort ZlibHeaderWithDictionary = 0x7820;
    const int MaxStoredBlock = ushort.MaxValue;

    static readonly uint DictionaryId = ComputeDictionaryId();
    bool started;

    public byte[] Compress(SpdyHeaders headers)
    {
        var block = headers.Encode();
        using var output = new MemoryStream(block.Length + 16);
        Span<byte> word = stackalloc byte[4];
        if (!started)
        {
            BinaryPrimitives.WriteUInt16BigEndian(word, ZlibHeaderWithDictionary);
            output.Write(word[..2]);
            BinaryPrimitives.WriteUInt32BigEndian(word, DictionaryId);
            output.Write(word);
            started = true;
        }
        for (var at = 0; at < block.Length; at += MaxStoredBlock)
            WriteStoredBlock(output, block.AsSpan(at, Math.Min(MaxStoredBlock, block.Length - at)));
        WriteStoredBlock(output, []); // the sync-flush marker
        return output.ToArray();
    }

    static void WriteStoredBlock(MemoryStream output, ReadOnlySpan<byte> data)
    {
        Span<byte> header = stackalloc byte[5];
        header[0] = 0; // BFINAL 0, BTYPE 00 (stored), padded to the byte
        BinaryPrimitives.WriteUInt16LittleEndian(header[1..], (ushort)data.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[3..], (ushort)~data.Length);
        output.Write(header);
        output.Write(data);
    }

    static uint ComputeDictionaryId()
    {
        var adler = new Adler32();
        adler.Update(SpdyHeaderDictionary.Bytes);
        return (uint)adler.Value;
    }
}
