using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Validation;

/// <summary>Go %#v renderings of the few composite values whose upstream error text is worth reproducing exactly.</summary>
internal static class GoValues
{
    /// <summary><c>[]string{"a", "b"}</c>, or <c>[]string(nil)</c> for an absent list.</summary>
    public static StringerValue StringSlice(JsonArray? values, string elementType = "string") =>
        new(values is null || values.Count == 0
            ? $"[]{elementType}(nil)"
            : $"[]{elementType}{{{string.Join(", ", values.Strings().Select(v => GoQuoting.Quote(v.Value)))}}}");
}
