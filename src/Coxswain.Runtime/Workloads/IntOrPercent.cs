using System.Globalization;
using k8s.Models;

namespace Coxswain.Runtime.Workloads;

/// <summary>
/// apimachinery's <c>intstr.GetScaledValueFromIntOrPercent</c>: an integer is taken as is, <c>"25%"</c> is that share
/// of a total, rounded up or down as the caller asks (rolling updates round maxSurge up and maxUnavailable down).
/// </summary>
public static class IntOrPercent
{
    /// <exception cref="FormatException">With apimachinery's messages for a string that is not a percentage.</exception>
    public static int GetScaledValue(IntOrString? value, int total, bool roundUp)
    {
        ArgumentNullException.ThrowIfNull(value);
        var text = value.Value ?? string.Empty;
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer) && !text.EndsWith('%'))
        {
            return integer;
        }

        if (!text.EndsWith('%'))
        {
            throw new FormatException($"invalid value for IntOrString: invalid type: string is not a percentage");
        }

        if (!int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var percent))
        {
            throw new FormatException($"invalid value \"{text}\": strconv.Atoi: parsing \"{text[..^1]}\": invalid syntax");
        }

        // Integer arithmetic as apimachinery does with float64 math.Ceil/Floor over value*total/100.
        var scaled = (long)percent * total;
        return (int)(roundUp ? CeilingDivide(scaled, 100) : FloorDivide(scaled, 100));
    }

    /// <summary>Like <see cref="GetScaledValue"/> with a default when the value is absent.</summary>
    public static int GetScaledValueOrDefault(IntOrString? value, IntOrString defaultValue, int total, bool roundUp) =>
        GetScaledValue(value ?? defaultValue, total, roundUp);

    private static long CeilingDivide(long a, long b) => -FloorDivide(-a, b);

    private static long FloorDivide(long a, long b) => a >= 0 ? a / b : -((-a + b - 1) / b);
}
