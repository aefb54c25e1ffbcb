using System.Globalization;
using System.Text.Json;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Selectors;

/// <summary>
/// A string read from an object for selector matching, held without materializing it: objects parsed from the wire keep
/// their strings as <see cref="JsonElement"/>s, and <see cref="JsonElement.ValueEquals(string)"/> compares them in place.
/// This is what keeps matching a selector over thousands of stored objects free of allocations.
/// </summary>
internal readonly struct TextValue
{
    readonly string? _text;
    readonly JsonElement _element;
    readonly bool _isElement;

    TextValue(string text) { _text = text; _element = default; _isElement = false; }
    TextValue(JsonElement element) { _text = null; _element = element; _isElement = true; }

    public static TextValue Of(string text) => new(text);

    /// <summary>Reads a JSON string node; any other node (absent, null, number, object…) is not text.</summary>
    public static bool TryFromJsonString(JsonNode? node, out TextValue value)
    {
        if (node is JsonValue jsonValue)
        {
            // Check the element form first: asking an element-backed value for a string would allocate one.
            if (jsonValue.TryGetValue<JsonElement>(out var element))
            {
                if (element.ValueKind == JsonValueKind.String)
                {
                    value = new TextValue(element);
                    return true;
                }
            }
            else if (jsonValue.TryGetValue<string>(out var text))
            {
                value = new TextValue(text);
                return true;
            }
        }
        value = default;
        return false;
    }

    public bool TextEquals(string other) =>
        _isElement ? _element.ValueEquals(other) : string.Equals(_text, other, StringComparison.Ordinal);

    public bool IsEmpty => _isElement ? _element.ValueEquals(ReadOnlySpan<byte>.Empty) : _text!.Length == 0;

    /// <summary>Go's strconv.ParseInt(s, 10, 64): optional sign, decimal digits, no spaces or underscores.</summary>
    public bool TryParseInt64(out long number)
    {
        if (_isElement)
        {
            // Parse the UTF-8 text between the quotes in place; only an escaped string needs decoding first.
            var raw = JsonMarshal.GetRawUtf8Value(_element);
            var text = raw[1..^1];
            if (text.IndexOf((byte)'\\') < 0)
                return long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);
        }
        return long.TryParse(ToString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number);
    }

    public override string ToString() => _isElement ? _element.GetString()! : _text!;
}
