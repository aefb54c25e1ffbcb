namespace Coxswain.LocalCluster.Selectors;

/// <summary>
/// Go's <c>base64.RawURLEncoding.DecodeString</c> (URL alphabet, no padding, CR and LF skipped, trailing bits not
/// checked), reporting a failure at the same byte offset Go's <c>CorruptInputError</c> does.
/// </summary>
internal static class GoBase64Url
{
    static readonly sbyte[] DecodeMap = BuildDecodeMap();

    /// <returns>The decoded bytes, or null with <paramref name="corruptAt"/> set to the offending input byte.</returns>
    public static byte[]? Decode(ReadOnlySpan<byte> source, out int corruptAt)
    {
        var output = new List<byte>(source.Length * 3 / 4);
        Span<int> quantum = stackalloc int[4];
        int si = 0;
        corruptAt = -1;
        while (si < source.Length)
        {
            int length = 4;
            for (int j = 0; j < 4; j++)
            {
                if (si == source.Length)
                {
                    if (j == 0) return output.ToArray();
                    if (j == 1)
                    {
                        // A single character cannot encode a byte.
                        corruptAt = si - j;
                        return null;
                    }
                    length = j;
                    break;
                }
                byte input = source[si++];
                int value = DecodeMap[input];
                if (value >= 0)
                {
                    quantum[j] = value;
                    continue;
                }
                if (input is (byte)'\n' or (byte)'\r')
                {
                    j--;
                    continue;
                }
                corruptAt = si - 1;
                return null;
            }

            for (int j = length; j < 4; j++) quantum[j] = 0;
            int bits = quantum[0] << 18 | quantum[1] << 12 | quantum[2] << 6 | quantum[3];
            output.Add((byte)(bits >> 16));
            if (length > 2) output.Add((byte)(bits >> 8));
            if (length > 3) output.Add((byte)bits);
        }
        return output.ToArray();
    }

    static sbyte[] BuildDecodeMap()
    {
        var map = new sbyte[256];
        Array.Fill(map, (sbyte)-1);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        for (int i = 0; i < alphabet.Length; i++) map[alphabet[i]] = (sbyte)i;
        return map;
    }
}
