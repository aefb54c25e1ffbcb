using System.Globalization;

namespace Coxswain.LocalCluster.Tables;

/// <summary>
/// Reading and rendering the RFC 3339 timestamps of metav1.Time / metav1.MicroTime the way the printers do.
/// A missing, null or Go-zero ("0001-01-01T00:00:00Z") timestamp is "zero" and renders as "&lt;unknown&gt;".
/// </summary>
public static class Timestamps
{
    public const string Unknown = "<unknown>";

    static readonly string[] Rfc3339Formats =
        ["yyyy-MM-dd'T'HH:mm:ssK", "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK"];

    /// <summary>Parses Go's <c>time.RFC3339</c> layout (fractional seconds allowed, as Go accepts them when parsing).</summary>
    public static bool TryParse(string? text, out DateTimeOffset value)
    {
        value = default;
        if (string.IsNullOrEmpty(text) || !HasZone(text)) return false;
        return DateTimeOffset.TryParseExact(TrimFractionToTicks(text), Rfc3339Formats, CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal, out value);
    }

    /// <summary>The printers' <c>translateTimestampSince</c>: age of <paramref name="timestamp"/> at <paramref name="now"/>.</summary>
    public static string Since(string? timestamp, DateTimeOffset now) =>
        TryParse(timestamp, out var t) && !IsGoZero(t) ? HumanDuration.Format(now - t) : Unknown;

    public static bool IsZero(string? timestamp) => !TryParse(timestamp, out var t) || IsGoZero(t);

    /// <summary><c>t.UTC().Format(time.RFC3339)</c>; a zero time prints as Go's zero instant.</summary>
    public static string FormatRfc3339Utc(string? timestamp) =>
        (TryParse(timestamp, out var t) ? t : DateTimeOffset.MinValue).UtcDateTime
            .ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>RFC 3339 requires "Z" or a numeric offset; .NET's "K" would also accept a time without either.</summary>
    static bool HasZone(string text) =>
        text.EndsWith('Z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');

    static bool IsGoZero(DateTimeOffset t) => t.UtcDateTime == DateTime.MinValue;

    // Go keeps nanoseconds; .NET parses at most seven fractional digits, which is all the precision ages need.
    static string TrimFractionToTicks(string text)
    {
        var dot = text.IndexOf('.');
        if (dot < 0) return text;
        var end = dot + 1;
        while (end < text.Length && char.IsAsciiDigit(text[end])) end++;
        return end - dot - 1 <= 7 ? text : string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
    }
}
