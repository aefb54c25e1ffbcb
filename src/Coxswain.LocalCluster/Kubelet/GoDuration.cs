using System.Globalization;
using System.Text;

namespace Coxswain.LocalCluster.Kubelet;

/// <summary>Go's time.Duration.String(), the way kubelet messages print durations ("10s", "1m20s", "512ms", "1.234s").</summary>
public static class GoDuration
{
    public static string Format(TimeSpan duration)
    {
        var nanos = duration.Ticks * 100;
        if (nanos == 0) return "0s";
        var negative = nanos < 0;
        var u = (ulong)Math.Abs(nanos);
        var text = u < 1_000_000_000 ? SubSecond(u) : Seconds(u);
        return negative ? "-" + text : text;
    }

    static string SubSecond(ulong nanos) => nanos switch
    {
        < 1_000 => $"{nanos}ns",
        < 1_000_000 => Fraction(nanos, 1_000) + "µs",
        _ => Fraction(nanos, 1_000_000) + "ms",
    };

    static string Seconds(ulong nanos)
    {
        var builder = new StringBuilder();
        var totalSeconds = nanos / 1_000_000_000;
        var hours = totalSeconds / 3600;
        var minutes = totalSeconds / 60 % 60;
        if (hours > 0) builder.Append(hours.ToString(CultureInfo.InvariantCulture)).Append('h');
        if (hours > 0 || minutes > 0) builder.Append(minutes.ToString(CultureInfo.InvariantCulture)).Append('m');
        var secondsPart = nanos % 60_000_000_000;
        builder.Append(Fraction(secondsPart, 1_000_000_000)).Append('s');
        return builder.ToString();
    }

    /// <summary>value/unit with the fraction's trailing zeros dropped, as Go prints it.</summary>
    static string Fraction(ulong value, ulong unit)
    {
        var whole = value / unit;
        var rest = value % unit;
        if (rest == 0) return whole.ToString(CultureInfo.InvariantCulture);
        var digits = unit.ToString(CultureInfo.InvariantCulture).Length - 1;
        var fraction = rest.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
        return $"{whole}.{fraction}";
    }
}
