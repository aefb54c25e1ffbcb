using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Selectors;

/// <summary>
/// A set of labels a requirement is matched against. Implemented by structs and used as a generic constraint so that
/// matching neither boxes nor allocates, whichever form the labels come in.
/// </summary>
internal interface ILabelLookup
{
    /// <summary>The value of label <paramref name="key"/>, if the label is present.</summary>
    bool TryGetValue(string key, out TextValue value);
}

/// <summary>Labels held in a dictionary; null means no labels.</summary>
internal readonly struct DictionaryLabels(IReadOnlyDictionary<string, string>? labels) : ILabelLookup
{
    public bool TryGetValue(string key, out TextValue value)
    {
        if (labels is not null && labels.TryGetValue(key, out var text))
        {
            value = TextValue.Of(text);
            return true;
        }
        value = default;
        return false;
    }
}

/// <summary>Labels in their JSON form (an object's <c>metadata.labels</c>); null means no labels.</summary>
internal readonly struct JsonLabels(JsonObject? labels) : ILabelLookup
{
    public bool TryGetValue(string key, out TextValue value)
    {
        // A label whose value is not a JSON string cannot pass validation; treating it as absent is the safe reading.
        if (labels is not null && labels.TryGetPropertyValue(key, out var node) && TextValue.TryFromJsonString(node, out value))
            return true;
        value = default;
        return false;
    }
}
