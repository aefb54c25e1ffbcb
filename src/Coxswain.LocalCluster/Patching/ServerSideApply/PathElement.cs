using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Tables;

namespace Coxswain.LocalCluster.Patching.ServerSideApply;

public enum PathElementKind
{
    /// <summary>A struct field or map key: <c>f:name</c>.</summary>
    Field,
    /// <summary>An item of a "map" list, by its key fields: <c>k:{"name":"nginx"}</c>.</summary>
    Key,
    /// <summary>An item of a "set" list, by its value: <c>v:"finalizer"</c>.</summary>
    Value,
    /// <summary>A list item by position: <c>i:0</c> (only in sets decoded from elsewhere; atomic lists are leaves).</summary>
    Index,
}

/// <summary>
/// One step of a field path (structured-merge-diff's <c>fieldpath.PathElement</c>). Equality is by the canonical
/// FieldsV1 text; the order is upstream's (fields, then keys, then values, then indexes), which decides how managed
/// field sets are serialized and conflicts listed.
/// </summary>
public sealed class PathElement : IEquatable<PathElement>, IComparable<PathElement>
{
    PathElement(PathElementKind kind, string text, JsonNode? value)
    {
        Kind = kind;
        Text = text;
        Value = value;
    }

    public PathElementKind Kind { get; }
    /// <summary>The field name, or the canonical JSON of the key object / set value, or the index digits.</summary>
    public string Text { get; }
    /// <summary>The key object (sorted fields) of a Key element, the item of a Value element.</summary>
    public JsonNode? Value { get; }

    public static PathElement Field(string name) => new(PathElementKind.Field, name, null);

    /// <summary>A map-list item identified by <paramref name="keys"/> (field name → value); the fields are sorted.</summary>
    public static PathElement Key(IEnumerable<KeyValuePair<string, JsonNode?>> keys)
    {
        var sorted = new JsonObject(keys.OrderBy(k => k.Key, StringComparer.Ordinal)
            .Select(k => KeyValuePair.Create(k.Key, k.Value?.DeepClone())));
        return new(PathElementKind.Key, GoValueText.Marshal(sorted), sorted);
    }

    public static PathElement SetValue(JsonNode? value) => new(PathElementKind.Value, GoValueText.Marshal(value), value?.DeepClone());

    public static PathElement Index(int index) => new(PathElementKind.Index, index.ToString(CultureInfo.InvariantCulture), null);

    string? fieldsV1Key;

    /// <summary>The FieldsV1 key: <c>f:name</c>, <c>k:{…}</c>, <c>v:…</c> or <c>i:n</c> (built once: every write encodes managedFields).</summary>
    public string ToFieldsV1Key() => fieldsV1Key ??= Kind switch
    {
        PathElementKind.Field => "f:" + Text,
        PathElementKind.Key => "k:" + Text,
        PathElementKind.Value => "v:" + Text,
        _ => "i:" + Text,
    };

    /// <summary>Parses a FieldsV1 key; null for anything else (including the "." self marker).</summary>
    public static PathElement? FromFieldsV1Key(string key)
    {
        if (key.Length < 2 || key[1] != ':') return null;
        var body = key[2..];
        try
        {
            var element = key[0] switch
            {
                'f' => Field(body),
                'k' when JsonNode.Parse(body) is JsonObject keys => Key(keys.Select(k => KeyValuePair.Create(k.Key, k.Value))),
                'v' => SetValue(JsonNode.Parse(body)),
                'i' when int.TryParse(body, NumberStyles.None, CultureInfo.InvariantCulture, out var i) => Index(i),
                _ => null,
            };
            return element;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>As structured-merge-diff prints a path element in conflict messages: <c>.name</c>, <c>[name="x"]</c>, <c>[="v"]</c>, <c>[0]</c>.</summary>
    public override string ToString() => Kind switch
    {
        PathElementKind.Field => "." + Text,
        PathElementKind.Key => "[" + string.Join(",", ((JsonObject)Value!).Select(k => $"{k.Key}={ValueText(k.Value)}")) + "]",
        PathElementKind.Value => $"[={ValueText(Value)}]",
        _ => $"[{Text}]",
    };

    /// <summary>structured-merge-diff's <c>value.ToString</c>: strings quoted, numbers and booleans plain.</summary>
    static string ValueText(JsonNode? value) => value switch
    {
        null => "null",
        JsonValue v when v.GetValueKind() == JsonValueKind.String => GoValueText.Marshal(v),
        JsonValue v => GoValueText.Print(v),
        JsonArray a => "[" + string.Join(",", a.Select(ValueText)) + "]",
        JsonObject o => "{" + string.Join(",", o.Select(kv => $"{kv.Key}={ValueText(kv.Value)}")) + "}",
        _ => "",
    };

    public bool Equals(PathElement? other) => other is not null && Kind == other.Kind && Text == other.Text;
    public override bool Equals(object? obj) => Equals(obj as PathElement);
    public override int GetHashCode() => HashCode.Combine(Kind, Text);

    public int CompareTo(PathElement? other)
    {
        if (other is null) return 1;
        if (Kind != other.Kind) return Kind.CompareTo(other.Kind);
        return Kind switch
        {
            PathElementKind.Field => string.CompareOrdinal(Text, other.Text),
            PathElementKind.Key => CompareKeys((JsonObject)Value!, (JsonObject)other.Value!),
            PathElementKind.Value => CompareValues(Value, other.Value),
            _ => int.Parse(Text, CultureInfo.InvariantCulture).CompareTo(int.Parse(other.Text, CultureInfo.InvariantCulture)),
        };
    }

    /// <summary>Key field lists compare field by field: name, then value; a shorter list first.</summary>
    static int CompareKeys(JsonObject a, JsonObject b)
    {
        for (var i = 0; ; i++)
        {
            if (i >= a.Count || i >= b.Count) return a.Count.CompareTo(b.Count);
            var (left, right) = (a.GetAt(i), b.GetAt(i));
            var byName = string.CompareOrdinal(left.Key, right.Key);
            if (byName != 0) return byName;
            var byValue = CompareValues(left.Value, right.Value);
            if (byValue != 0) return byValue;
        }
    }

    /// <summary>structured-merge-diff's total order over values: numbers, strings, booleans, lists, maps, then null.</summary>
    static int CompareValues(JsonNode? a, JsonNode? b)
    {
        var (ra, rb) = (Rank(a), Rank(b));
        if (ra != rb) return ra.CompareTo(rb);
        return a switch
        {
            JsonValue va when ra == 0 => GoValueText.ToDouble(va).CompareTo(GoValueText.ToDouble((JsonValue)b!)),
            JsonValue va when ra == 1 => string.CompareOrdinal(va.GetValue<string>(), b!.GetValue<string>()),
            JsonValue va when ra == 2 => va.GetValue<bool>().CompareTo(b!.GetValue<bool>()),
            _ => string.CompareOrdinal(GoValueText.Marshal(a), GoValueText.Marshal(b)),
        };
    }

    static int Rank(JsonNode? v) => v switch
    {
        JsonValue x when x.GetValueKind() == JsonValueKind.Number => 0,
        JsonValue x when x.GetValueKind() == JsonValueKind.String => 1,
        JsonValue x when x.GetValueKind() is JsonValueKind.True or JsonValueKind.False => 2,
        JsonArray => 3,
        JsonObject => 4,
        _ => 5,
    };
}
