using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Selectors;

/// <summary>
/// One field a resource can be selected by: its selector name, where its value is read from, and the value it has when
/// the object does not set it. The absent value is the Go zero value the upstream internal type would hold ("" for
/// strings, "false" for booleans, "0" for integers), since upstream reads the field from a decoded struct.
/// </summary>
internal sealed class SelectableField
{
    readonly JsonFieldPath[] _sources;
    readonly string _absentValue;

    SelectableField(string name, JsonFieldPath[] sources, string absentValue)
    {
        Name = name;
        _sources = sources;
        _absentValue = absentValue;
    }

    public string Name { get; }

    /// <summary>A string field read from its own path, or from the first of <paramref name="sources"/> that is non-empty.</summary>
    public static SelectableField Text(string name, params string[] sources) => new(name, Paths(name, sources), "");

    public static SelectableField Boolean(string name) => new(name, Paths(name, []), "false");

    public static SelectableField Integer(string name) => new(name, Paths(name, []), "0");

    /// <summary>A field upstream accepts in selectors but never fills in, so it always reads as "".</summary>
    public static SelectableField AlwaysEmpty(string name) => new(name, [], "");

    static JsonFieldPath[] Paths(string name, string[] sources) =>
        (sources.Length == 0 ? [name] : sources).Select(JsonFieldPath.Parse).ToArray();

    public TextValue Read(JsonObject obj)
    {
        foreach (var source in _sources)
            if (TryReadScalar(source.Resolve(obj), out var value) && !value.IsEmpty)
                return value;
        return TextValue.Of(_absentValue);
    }

    /// <summary>Strings as they are, booleans and integers as Go's strconv prints them; anything else has no value.</summary>
    static bool TryReadScalar(JsonNode? node, out TextValue value)
    {
        if (TextValue.TryFromJsonString(node, out value)) return true;
        switch (node?.GetValueKind())
        {
            case JsonValueKind.True: value = TextValue.Of("true"); return true;
            case JsonValueKind.False: value = TextValue.Of("false"); return true;
            case JsonValueKind.Number: value = TextValue.Of(node.ToJsonString()); return true;
            default: value = default; return false;
        }
    }
}
