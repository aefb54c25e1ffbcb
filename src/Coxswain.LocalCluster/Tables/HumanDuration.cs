namespace Coxswain.LocalCluster.Tables;

/// <summary>
/// Apimachinery's <c>pkg/util/duration</c>: the "5m", "3m20s", "2d3h" strings kubectl shows in AGE and similar columns.
/// Both functions tolerate up to two seconds of clock skew (rendered "0s") and call anything older "&lt;invalid&gt;".
/// </summary>
public static class HumanDuration
{
    /// <summary><c>duration.HumanDuration</c>: two to three significant figures, e.g. "90s", "3m20s", "5h7m", "2d3h", "3y45d".</summary>
    public static string Format(TimeSpan d)
    {
        if (IsSkewedIntoFuture(d, out var skewText)) return skewText;
        var seconds = WholeSeconds(d);
        if (seconds < 60 * 2) return $"{seconds}s";

        var minutes = (long)(d.Ticks / TimeSpan.TicksPerMinute);
        if (minutes < 10)
        {
            var s = seconds % 60;
            return s == 0 ? $"{minutes}m" : $"{minutes}m{s}s";
        }
        if (minutes < 60 * 3) return $"{minutes}m";

        var hours = (long)(d.Ticks / TimeSpan.TicksPerHour);
        if (hours < 8)
        {
            var m = minutes % 60;
            return m == 0 ? $"{hours}h" : $"{hours}h{m}m";
        }
        if (hours < 48) return $"{hours}h";
        if (hours < 24 * 8)
        {
            var h = hours % 24;
            return h == 0 ? $"{hours / 24}d" : $"{hours / 24}d{h}h";
        }
        if (hours < 24 * 365 * 2) return $"{hours / 24}d";
        if (hours < 24 * 365 * 8)
        {
            var dy = hours / 24 % 365;
            return dy == 0 ? $"{hours / 24 / 365}y" : $"{hours / 24 / 365}y{dy}d";
        }
        return $"{hours / 24 / 365}y";
    }

    /// <summary><c>duration.ShortHumanDuration</c>: a single unit, e.g. "59s", "5m", "23h", "364d", "2y".</summary>
    public static string FormatShort(TimeSpan d)
    {
        if (IsSkewedIntoFuture(d, out var skewText)) return skewText;
        var seconds = WholeSeconds(d);
        if (seconds < 60) return $"{seconds}s";
        var minutes = (long)d.TotalMinutes;
        if (minutes < 60) return $"{minutes}m";
        var hours = (long)d.TotalHours;
        if (hours < 24) return $"{hours}h";
        if (hours < 24 * 365) return $"{hours / 24}d";
        return $"{(long)(d.TotalHours / 24 / 365)}y";
    }

    // Go's int(d.Seconds()) truncates toward zero, so -1.9s counts as -1 and still reads "0s".
    static long WholeSeconds(TimeSpan d) => (long)Math.Truncate(d.TotalSeconds);

    static bool IsSkewedIntoFuture(TimeSpan d, out string text)
    {
        var seconds = WholeSeconds(d);
        text = seconds < -1 ? "<invalid>" : "0s";
        return seconds < 0;
    }
}
