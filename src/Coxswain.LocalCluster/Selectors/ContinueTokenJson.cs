using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Coxswain.LocalCluster.Selectors;

/// <summary>
/// The JSON inside a continue token, <c>{"v":"meta.k8s.io/v1","rv":123,"start":"key"}</c>, written byte for byte as
/// Go's encoding/json writes it and read with its rules: keys matched case-insensitively, unknown keys and nulls
/// ignored, and its error texts for values of the wrong type. Syntax error texts follow Go for the common cases
/// (truncated input, a bad first character, trailing data) and are approximate otherwise.
/// </summary>
internal static class ContinueTokenJson
{
    public readonly record struct Content(string Version, long ResourceVersion, string StartKey);

    public static byte[] Write(string version, long resourceVersion, string startKey)
    {
        var sb = new StringBuilder("{\"v\":");
        AppendGoString(sb, version);
        sb.Append(",\"rv\":").Append(resourceVersion.ToString(CultureInfo.InvariantCulture)).Append(",\"start\":");
        AppendGoString(sb, startKey);
        sb.Append('}');
        return Encoding.UTF8.GetBytes(sb.ToString());
    }

    /// <summary>encoding/json's string form: HTML-sensitive characters and U+2028/2029 escaped, other non-ASCII raw.</summary>
    static void AppendGoString(StringBuilder sb, string value)
    {
        sb.Append('"');
        foreach (var rune in value.EnumerateRunes())
        {
            switch (rune.Value)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\b': sb.Append("\\b"); break;
                case '\f': sb.Append("\\f"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                case < 0x20 or '<' or '>' or '&' or 0x2028 or 0x2029:
                    sb.Append("\\u").Append(rune.Value.ToString("x4", CultureInfo.InvariantCulture));
                    break;
                default: sb.Append(rune.ToString()); break;
            }
        }
        sb.Append('"');
    }

    /// <returns>The content, or null with <paramref name="error"/> set to what Go's json.Unmarshal would say.</returns>
    public static Content? Read(byte[] json, out string error)
    {
        // Like Go, check the whole input's syntax before looking at any value.
        var options = new JsonDocumentOptions { MaxDepth = 10000 };
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, options);
        }
        catch (JsonException e)
        {
            error = SyntaxError(json, e);
            return null;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Null)
            {
                error = "";
                return new Content("", 0, "");
            }
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = $"json: cannot unmarshal {GoKind(root)} into Go value of type storage.continueToken";
                return null;
            }

            string version = "", startKey = "";
            long resourceVersion = 0;
            string? firstError = null;
            foreach (var property in root.EnumerateObject())
            {
                var value = property.Value;
                if (value.ValueKind == JsonValueKind.Null) continue;
                if (string.Equals(property.Name, "v", StringComparison.OrdinalIgnoreCase))
                {
                    if (value.ValueKind == JsonValueKind.String) version = value.GetString()!;
                    else firstError ??= TypeError(GoKind(value), "v", "string");
                }
                else if (string.Equals(property.Name, "rv", StringComparison.OrdinalIgnoreCase))
                {
                    if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out var rv)) resourceVersion = rv;
                    else firstError ??= TypeError(
                        value.ValueKind == JsonValueKind.Number ? "number " + value.GetRawText() : GoKind(value), "rv", "int64");
                }
                else if (string.Equals(property.Name, "start", StringComparison.OrdinalIgnoreCase))
                {
                    if (value.ValueKind == JsonValueKind.String) startKey = value.GetString()!;
                    else firstError ??= TypeError(GoKind(value), "start", "string");
                }
            }
            error = firstError ?? "";
            return firstError is null ? new Content(version, resourceVersion, startKey) : null;
        }
    }

    static string TypeError(string kind, string field, string goType) =>
        $"json: cannot unmarshal {kind} into Go struct field continueToken.{field} of type {goType}";

    static string GoKind(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        _ => "bool",
    };

    static string SyntaxError(byte[] json, JsonException exception)
    {
        int offset = OffsetOf(json, exception);
        int firstNonSpace = Array.FindIndex(json, b => b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n'));
        if (offset >= json.Length || firstNonSpace < 0) return "unexpected end of JSON input";
        string context = offset == firstNonSpace ? "looking for beginning of value"
            : EndsTopLevelValueBefore(json, offset) ? "after top-level value"
            : "looking for beginning of value";
        return $"invalid character {QuoteChar(json[offset])} {context}";
    }

    /// <summary>Whether the bytes before <paramref name="offset"/> already form one complete JSON value.</summary>
    static bool EndsTopLevelValueBefore(byte[] json, int offset)
    {
        try
        {
            using var _ = JsonDocument.Parse(json.AsMemory(0, offset), new JsonDocumentOptions { MaxDepth = 10000 });
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>System.Text.Json reports line and byte-in-line; Go reports the byte offset in the whole input.</summary>
    static int OffsetOf(byte[] json, JsonException exception)
    {
        long line = exception.LineNumber ?? 0, inLine = exception.BytePositionInLine ?? 0;
        int lineStart = 0;
        for (int i = 0; i < json.Length && line > 0; i++)
            if (json[i] == '\n')
            {
                line--;
                lineStart = i + 1;
            }
        return (int)Math.Min(json.Length, lineStart + inLine);
    }

    /// <summary>encoding/json's quoteChar: the byte as a Go character literal.</summary>
    static string QuoteChar(byte c) => c switch
    {
        (byte)'\'' => "'\\''",
        (byte)'"' => "'\"'",
        _ => "'" + GoText.Quote(((char)c).ToString())[1..^1] + "'",
    };
}
