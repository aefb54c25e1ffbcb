using System.Globalization;

namespace Coxswain.Runtime.Workloads;

/// <summary>
/// apimachinery's <c>rand.SafeEncodeString</c>: maps every character onto an alphabet without vowels (no bad words)
/// and without look-alikes (0/o, 1/l, 3/e). Hashes are encoded as <c>SafeEncodeString(fmt.Sprint(hash))</c>, so a
/// <c>pod-template-hash</c> such as <c>5d59d67564</c> is a decimal number in disguise.
/// </summary>
public static class SafeEncoding
{
    private const string Alphanumerics = "bcdfghjklmnpqrstvwxz2456789";

    public static string Encode(string text) =>
        string.Create(text.Length, text, static (span, source) =>
        {
            for (var i = 0; i < source.Length; i++)
            {
                span[i] = Alphanumerics[source[i] % Alphanumerics.Length];
            }
        });

    /// <summary>The encoding of a 32-bit hash's decimal digits.</summary>
    public static string EncodeHash(uint hash) => Encode(hash.ToString(CultureInfo.InvariantCulture));
}
