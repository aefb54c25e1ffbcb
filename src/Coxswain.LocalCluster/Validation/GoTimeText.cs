using System.Globalization;

namespace Coxswain.LocalCluster.Validation;

/// <summary>
/// metav1.Time values appear in field errors through Go's time.Time.String(), e.g. "2024-05-01 10:00:00 +0000 UTC",
/// not in their RFC 3339 wire form.
/// </summary>
internal static class GoTimeText
{
    public static string FromWire(string? rfc3339)
    {
        if (rfc3339 is null) return "null";
        if (!DateTimeOffset.TryParse(rfc3339, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var t)) return rfc3339;
        var utc = t.ToUniversalTime();
        var fraction = utc.Ticks % TimeSpan.TicksPerSecond;
        var seconds = fraction == 0 ? "" : "." + (fraction * 100).ToString("D9", CultureInfo.InvariantCulture).TrimEnd('0');
        return utc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) + seconds + " +0000 UTC";
    }
}
