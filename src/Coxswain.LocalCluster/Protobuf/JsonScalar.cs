using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Protobuf;

/// <summary>Reads JSON scalars for encoding, with errors that name the offending path.</summary>
internal static class JsonScalar
{
    public static string String(JsonNode value, string path) =>
        value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : throw Mismatch(value, "string", path);

    public static bool Bool(JsonNode value, string path) => value.GetValueKind() switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Mismatch(value, "boolean", path),
    };

    public static long Int64(JsonNode value, string path)
    {
        if (value.GetValueKind() != JsonValueKind.Number) throw Mismatch(value, "integer", path);
        var text = value.ToJsonString();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return l;
        // 1e3 and 2.0 are integers JSON can spell; Go's decoder takes them too.
        var d = double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
        return d == Math.Floor(d) && d >= long.MinValue && d <= long.MaxValue ? (long)d : throw Mismatch(value, "integer", path);
    }

    public static int Int32(JsonNode value, string path)
    {
        var l = Int64(value, path);
        return l is >= int.MinValue and <= int.MaxValue ? (int)l : throw new ProtobufFormatException($"{path}: {l} is out of range for int32");
    }

    public static ulong UInt64(JsonNode value, string path)
    {
        if (value.GetValueKind() == JsonValueKind.Number &&
            ulong.TryParse(value.ToJsonString(), NumberStyles.None, CultureInfo.InvariantCulture, out var u)) return u;
        return (ulong)Int64(value, path);
    }

    public static double Double(JsonNode value, string path) =>
        value.GetValueKind() == JsonValueKind.Number
            ? double.Parse(value.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture)
            : throw Mismatch(value, "number", path);

    /// <summary>
    /// Whether a decoded value is its type's zero value (0, "", false, null). Go writes value fields even at zero, so
    /// such a value on the wire says nothing and JSON leaves it out, as encoding/json's omitempty does.
    /// </summary>
    public static bool IsZero(JsonNode? value) => value is null || value.GetValueKind() switch
    {
        JsonValueKind.False or JsonValueKind.Null => true,
        JsonValueKind.String => value.GetValue<string>().Length == 0,
        JsonValueKind.Number => value.ToJsonString() == "0",
        _ => false,
    };

    public static ProtobufFormatException Mismatch(JsonNode value, string expected, string path) =>
        new($"{path}: expected {expected}, got {value.GetValueKind().ToString().ToLowerInvariant()}");
}
