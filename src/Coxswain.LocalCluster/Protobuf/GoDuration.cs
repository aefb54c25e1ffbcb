using System.Globalization;
using System.Text;

namespace Coxswain.LocalCluster.Protobuf;

/// <summary>Go's time.Duration text (metav1.Duration's JSON): "1h2m3.5s", "150ms", "0s".</summary>
internal static class GoDuration
{
    const long Microsecond = 1_000, Millisecond = 1_000_000, Second = 1_000_000_000, Minute = 60 * Second, Hour = 60 * Minute;

    static readonly (string Unit, long Nanoseconds)[] Units =
    [
        ("ns", 1), ("us", Microsecond), ("µs", Microsecond), ("μs", Microsecond), ("ms", Millisecond),
        ("s", Second), ("m", Minute), ("h", Hour),
    ];

    /// <summary>Formats like Go's Duration.String: units below a second alone, otherwise h/m/s with a fractional second.</summary>
    public static string Format(long nanoseconds)
    {
        if (nanoseconds == 0) return "0s";
        var negative = nanoseconds < 0;
        var u = negative ? (ulong)-(nanoseconds + 1) + 1 : (ulong)nanoseconds;
        var text = new StringBuilder();
        if (u < Second)
        {
            var (scale, unit) = u < Microsecond ? (1UL, "ns") : u < Millisecond ? ((ulong)Microsecond, "µs") : ((ulong)Millisecond, "ms");
            text.Append(Fraction(u, scale)).Append(unit);
        }
        else
        {
            var hours = u / (ulong)Hour;
            var minutes = u / (ulong)Minute % 60;
            if (hours > 0) text.Append(hours).Append('h');
            if (hours > 0 || minutes > 0) text.Append(minutes).Append('m');
            text.Append(Fraction(u % (ulong)Minute, Second)).Append('s');
        }
        return (negative ? "-" : "") + text;
    }

    /// <summary>Parses like Go's time.ParseDuration: a signed sequence of decimal numbers, each with a unit.</summary>
    public static long Parse(string text)
    {
        var s = text.AsSpan();
        var negative = s.Length > 0 && s[0] == '-';
        if (s.Length > 0 && s[0] is '-' or '+') s = s[1..];
        if (s is "0") return 0;
        if (s.IsEmpty) throw Invalid(text);
        decimal total = 0;
        while (!s.IsEmpty)
        {
            var digits = 0;
            while (digits < s.Length && (char.IsAsciiDigit(s[digits]) || s[digits] == '.')) digits++;
            if (digits == 0 || !decimal.TryParse(s[..digits], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
                throw Invalid(text);
            s = s[digits..];
            var unit = 0;
            while (unit < s.Length && !char.IsAsciiDigit(s[unit]) && s[unit] != '.') unit++;
            var unitText = s[..unit].ToString();
            var scale = Units.FirstOrDefault(x => x.Unit == unitText).Nanoseconds;
            if (scale == 0) throw Invalid(text);
            total += number * scale;
            s = s[unit..];
        }
        total = decimal.Truncate(total);
        // The magnitude of long.MinValue is one past long.MaxValue.
        if (negative && total == -(decimal)long.MinValue) return long.MinValue;
        if (total > long.MaxValue) throw Invalid(text);
        return negative ? -(long)total : (long)total;
    }

    /// <summary><paramref name="value"/> / <paramref name="scale"/> with the fraction's trailing zeros dropped.</summary>
    static string Fraction(ulong value, ulong scale)
    {
        var whole = (value / scale).ToString(CultureInfo.InvariantCulture);
        var remainder = value % scale;
        if (remainder == 0) return whole;
        var digits = scale.ToString(CultureInfo.InvariantCulture).Length - 1;
        return whole + "." + remainder.ToString(CultureInfo.InvariantCulture).PadLeft(digits, '0').TrimEnd('0');
    }

    static FormatException Invalid(string text) => new($"time: invalid duration \"{text}\"");
}
