using System.Buffers.Binary;
using System.Collections;
using System.Text;

namespace Coxswain.LocalCluster.Streaming;

/// <summary>
/// A SPDY/3 name/value header block: lowercase names, each once, several values of a name joined by NUL; on the wire a
/// 32-bit count then, per pair, a 32-bit length and the name, a 32-bit length and the value (before compression).
/// </summary>
public sealed class SpdyHeaders : IEnumerable<KeyValuePair<string, string>>
{
    /// <summary>What a decoded block may grow to: far beyond the few headers port-forward and exec send.</summary>
    public const int MaxBlockBytes = 256 * 1024;

    readonly List<KeyValuePair<string, string>> pairs = new();

    public int Count => pairs.Count;

    /// <summary>Adds a value; a second value of the same name joins the first, NUL-separated, as the block requires.</summary>
    public SpdyHeaders Add(string name, string value)
    {
        name = name.ToLowerInvariant();
        var i = pairs.FindIndex(p => p.Key == name);
        if (i < 0) pairs.Add(new(name, value));
        else pairs[i] = new(name, pairs[i].Value + "\0" + value);
        return this;
    }

    /// <summary>The first value of the header (names match case-insensitively, as Go's http.Header.Get), or null.</summary>
    public string? Get(string name)
    {
        name = name.ToLowerInvariant();
        foreach (var p in pairs)
            if (p.Key == name) return p.Value.Split('\0')[0];
        return null;
    }

    public byte[] Encode()
    {
        var size = 4 + pairs.Sum(p => 8 + Encoding.UTF8.GetByteCount(p.Key) + Encoding.UTF8.GetByteCount(p.Value));
        var block = new byte[size];
        BinaryPrimitives.WriteUInt32BigEndian(block, (uint)pairs.Count);
        var at = 4;
        foreach (var (name, value) in pairs)
        {
            at = Put(block, at, name);
            at = Put(block, at, value);
        }
        return block;

        static int Put(byte[] block, int at, string text)
        {
            var n = Encoding.UTF8.GetBytes(text, block.AsSpan(at + 4));
            BinaryPrimitives.WriteUInt32BigEndian(block.AsSpan(at), (uint)n);
            return at + 4 + n;
        }
    }

    /// <summary>Parses a decompressed block; spdystream lowercases names it receives, so this does too.</summary>
    public static SpdyHeaders Decode(ReadOnlySpan<byte> block)
    {
        var headers = new SpdyHeaders();
        var count = ReadLength(ref block, "header count");
        for (var i = 0; i < count; i++)
        {
            var name = ReadText(ref block, "header name");
            if (name.Length == 0) throw new SpdyProtocolException("header block has an empty header name");
            headers.Add(name, ReadText(ref block, "header value"));
        }
        if (block.Length != 0) throw new SpdyProtocolException($"header block has {block.Length} bytes after its last header");
        return headers;
    }

    static int ReadLength(ref ReadOnlySpan<byte> block, string what)
    {
        if (block.Length < 4) throw new SpdyProtocolException($"header block ends inside a {what}");
        var n = BinaryPrimitives.ReadUInt32BigEndian(block);
        block = block[4..];
        if (n > MaxBlockBytes) throw new SpdyProtocolException($"header block {what} {n} is too large");
        return (int)n;
    }

    static string ReadText(ref ReadOnlySpan<byte> block, string what)
    {
        var n = ReadLength(ref block, what + " length");
        if (block.Length < n) throw new SpdyProtocolException($"header block ends inside a {what}");
        var text = Encoding.UTF8.GetString(block[..n]);
        block = block[n..];
        return text;
    }

    public IEnumerator<KeyValuePair<string, string>> GetEnumerator() => pairs.GetEnumerator();
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => string.Join(", ", pairs.Select(p => $"{p.Key}: {p.Value.Replace('\0', ',')}"));
}
