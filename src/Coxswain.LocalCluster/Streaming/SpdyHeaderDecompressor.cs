using ICSharpCode.SharpZipLib;
using ICSharpCode.SharpZipLib.Zip.Compression;

namespace Coxswain.LocalCluster.Streaming;

/// <summary>
/// Inflates the header blocks the peer sends: one zlib stream across the connection (each block continues the last),
/// whose header asks for the SPDY/3 dictionary before the first block's data. Not thread-safe: the frame reader is its
/// only caller.
/// </summary>
public sealed class SpdyHeaderDecompressor
{
    readonly Inflater inflater = new();
    readonly byte[] buffer = new byte[4096];

    public SpdyHeaders Decompress(byte[] compressed)
    {
        using var output = new MemoryStream();
        try
        {
            inflater.SetInput(compressed);
            while (true)
            {
                var n = inflater.Inflate(buffer);
                if (n > 0)
                {
                    output.Write(buffer, 0, n);
                    if (output.Length > SpdyHeaders.MaxBlockBytes) throw new SpdyProtocolException("header block inflates beyond its limit");
                    continue;
                }
                if (inflater.IsNeedingDictionary)
                {
                    // SetDictionary checks the dictionary's Adler-32 against the one the stream header names.
                    inflater.SetDictionary(SpdyHeaderDictionary.Bytes);
                    continue;
                }
                break; // the block's input is used up
            }
        }
        catch (SharpZipBaseException e)
        {
            throw new SpdyProtocolException($"header block does not inflate: {e.Message}", e);
        }
        return SpdyHeaders.Decode(output.ToArray());
    }
}
