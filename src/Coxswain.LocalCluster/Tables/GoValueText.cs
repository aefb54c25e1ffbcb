using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables;

/// <summary>
/// How client-go's JSONPath prints a selected value, which is what a CRD column of type "string" shows:
/// strings raw, numbers and booleans through Go's <c>fmt</c> ("%v"), and objects and arrays through
/// <c>encoding/json</c> (compact, keys sorted, &lt; &gt; &amp; escaped).
/// </summary>
internal static class GoValueText
{
    public static string Print(JsonNode node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.True => "true",
        JsonValue v when v.GetValueKind() == JsonValueKind.False => "false",
        JsonValue v when v.GetValueKind() == JsonValueKind.Number =>
            TryGetDecodedInteger(v, out var l) ? l.ToString(CultureInfo.InvariantCulture) : FormatFloatV(ToDouble(v)),
        _ => Marshal(node),
    };

    /// <summary>
    /// Whether the number decodes to int64 the way apimachinery's JSON decoder does for unstructured objects:
    /// a literal without fraction or exponent that fits; anything else becomes a float64.
    /// </summary>
    public static bool TryGetDecodedInteger(JsonValue number, out long value)
    {
        var raw = number.ToJsonString();
        value = 0;
        return raw.IndexOfAny(['.', 'e', 'E']) < 0 && long.TryParse(raw, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    public static double ToDouble(JsonValue number) =>
        double.Parse(number.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    /// <summary>
    /// Go's <c>fmt</c> "%v" of a float64 (strconv 'g' with shortest digits): %e form when the decimal exponent
    /// is below -4 or at least 6, e.g. "1.5", "0.0001", "1e-05", "1.2345675e+06".
    /// </summary>
    public static string FormatFloatV(double value)
    {
        var (digits, pointPosition) = ShortestDigits(value);
        var exponent = pointPosition - 1;
        var body = exponent < -4 || exponent >= 6 ? ExponentForm(digits, exponent, minExponentDigits: 2) : FixedForm(digits, pointPosition);
        return value < 0 ? "-" + body : body;
    }

    /// <summary>Go's <c>encoding/json</c> float64: %f form unless the magnitude is below 1e-6 or at least 1e21 ("1e-7", not "1e-07").</summary>
    static string FormatFloatJson(double value)
    {
        var abs = Math.Abs(value);
        var (digits, pointPosition) = ShortestDigits(value);
        var body = abs != 0 && (abs < 1e-6 || abs >= 1e21)
            ? ExponentForm(digits, pointPosition - 1, minExponentDigits: 1)
            : FixedForm(digits, pointPosition);
        return value < 0 ? "-" + body : body;
    }

    /// <summary>
    /// The shortest round-tripping decimal digits of |value| and the position of the decimal point relative to
    /// them ("15" and 1 for 1.5; "1" and -3 for 0.0001). .NET's "R" format yields the same shortest digits as Go.
    /// </summary>
    static (string Digits, int PointPosition) ShortestDigits(double value)
    {
        var roundTrip = Math.Abs(value).ToString("R", CultureInfo.InvariantCulture);
        var mantissa = roundTrip;
        var exponent = 0;
        var e = roundTrip.IndexOf('E');
        if (e >= 0)
        {
            mantissa = roundTrip[..e];
            exponent = int.Parse(roundTrip[(e + 1)..], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        }
        var dot = mantissa.IndexOf('.');
        var integerPart = dot < 0 ? mantissa : mantissa[..dot];
        var allDigits = dot < 0 ? mantissa : integerPart + mantissa[(dot + 1)..];
        var significant = allDigits.TrimStart('0');
        var pointPosition = integerPart.Length - (allDigits.Length - significant.Length) + exponent;
        significant = significant.TrimEnd('0');
        return significant.Length == 0 ? ("0", 1) : (significant, pointPosition);
    }

    static string ExponentForm(string digits, int exponent, int minExponentDigits)
    {
        var mantissa = digits.Length == 1 ? digits : $"{digits[0]}.{digits[1..]}";
        var sign = exponent < 0 ? '-' : '+';
        return $"{mantissa}e{sign}{Math.Abs(exponent).ToString(CultureInfo.InvariantCulture).PadLeft(minExponentDigits, '0')}";
    }

    static string FixedForm(string digits, int pointPosition)
    {
        if (pointPosition <= 0) return "0." + new string('0', -pointPosition) + digits;
        if (pointPosition >= digits.Length) return digits + new string('0', pointPosition - digits.Length);
        return $"{digits[..pointPosition]}.{digits[pointPosition..]}";
    }

    /// <summary>Go's <c>json.Marshal</c> of a decoded unstructured value.</summary>
    public static string Marshal(JsonNode? node)
    {
        var text = new StringBuilder();
        WriteJson(text, node);
        return text.ToString();
    }

    static void WriteJson(StringBuilder text, JsonNode? node)
    {
        switch (node)
        {
            case null:
                text.Append("null");
                break;
            case JsonObject obj:
                text.Append('{');
                var first = true;
                foreach (var (key, value) in obj.OrderBy(kv => kv.Key, StringComparer.Ordinal))
                {
                    if (!first) text.Append(',');
                    first = false;
                    WriteString(text, key);
                    text.Append(':');
                    WriteJson(text, value);
                }
                text.Append('}');
                break;
            case JsonArray array:
                text.Append('[');
                for (var i = 0; i < array.Count; i++)
                {
                    if (i > 0) text.Append(',');
                    WriteJson(text, array[i]);
                }
                text.Append(']');
                break;
            case JsonValue v:
                switch (v.GetValueKind())
                {
                    case JsonValueKind.String: WriteString(text, v.GetValue<string>()); break;
                    case JsonValueKind.True: text.Append("true"); break;
                    case JsonValueKind.False: text.Append("false"); break;
                    case JsonValueKind.Number:
                        text.Append(TryGetDecodedInteger(v, out var l) ? l.ToString(CultureInfo.InvariantCulture) : FormatFloatJson(ToDouble(v)));
                        break;
                    default: text.Append("null"); break;
                }
                break;
        }
    }

    /// <summary>A JSON string with encoding/json's HTML-safe escaping.</summary>
    static void WriteString(StringBuilder text, string value)
    {
        text.Append('"');
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\b': text.Append("\\b"); break;
                case '\f': text.Append("\\f"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                case '<' or '>' or '&' or '\u2028' or '\u2029':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                case < ' ':
                    text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default:
                    // A lone surrogate is invalid UTF-8 in Go's eyes and is replaced.
                    if (char.IsSurrogate(c) && !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])))
                    {
                        text.Append("\\ufffd");
                    }
                    else
                    {
                        text.Append(c);
                        if (char.IsHighSurrogate(c)) text.Append(value[++i]);
                    }
                    break;
            }
        }
        text.Append('"');
    }
}
