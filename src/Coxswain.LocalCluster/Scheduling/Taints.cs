using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Scheduling;

/// <summary>A node taint (<c>spec.taints[]</c>).</summary>
public sealed record Taint(string Key, string Value, string Effect, string? TimeAdded = null)
{
    public const string NoSchedule = "NoSchedule";
    public const string PreferNoSchedule = "PreferNoSchedule";
    public const string NoExecute = "NoExecute";

    public static IReadOnlyList<Taint> ParseAll(JsonArray? taints) =>
        taints.Objects().Select(t => new Taint(t.Item.StrOrEmpty("key"), t.Item.StrOrEmpty("value"), t.Item.StrOrEmpty("effect"),
            t.Item.Str("timeAdded"))).ToList();

    public JsonObject ToJson()
    {
        var json = new JsonObject { ["key"] = Key };
        if (Value.Length > 0) json["value"] = Value;
        json["effect"] = Effect;
        if (TimeAdded is not null) json["timeAdded"] = TimeAdded;
        return json;
    }

    /// <summary>How the scheduler quotes a taint in its messages: <c>{key: value}</c>.</summary>
    public override string ToString() => $"{{{Key}: {Value}}}";
}

/// <summary>A pod toleration (<c>spec.tolerations[]</c>) and the matching rule of k8s.io/api's Toleration.ToleratesTaint.</summary>
public sealed record Toleration(string Key, string Operator, string Value, string Effect, long? Seconds)
{
    public static IReadOnlyList<Toleration> ParseAll(JsonArray? tolerations) =>
        tolerations.Objects().Select(t => new Toleration(t.Item.StrOrEmpty("key"), t.Item.StrOrEmpty("operator"), t.Item.StrOrEmpty("value"),
            t.Item.StrOrEmpty("effect"), t.Item.Long("tolerationSeconds"))).ToList();

    /// <summary>An empty effect or key matches all; <c>Exists</c> ignores the value, <c>Equal</c> (the default) compares it.</summary>
    public bool Tolerates(Taint taint)
    {
        if (Effect.Length > 0 && Effect != taint.Effect) return false;
        if (Key.Length > 0 && Key != taint.Key) return false;
        return Operator switch
        {
            "" or "Equal" => Value == taint.Value,
            "Exists" => true,
            _ => false,
        };
    }

    public static bool AnyTolerates(IEnumerable<Toleration> tolerations, Taint taint) => tolerations.Any(t => t.Tolerates(taint));
}
