using System.Text.Json.Serialization;
using k8s.Models;

namespace Coxswain.Apis.Apps.Pub;

/// <summary>
/// The rules that order pods for update: either by the integer in a label's value (<c>orderPriority</c>) or by the sum
/// of the weights of the selectors a pod matches (<c>weightPriority</c>); only one of the two may be set.
/// </summary>
public sealed class UpdatePriorityStrategy
{
    /// <summary>Pods are sorted by the last integer in the value of the first listed key they carry (e.g. 10 in 'sts-10').</summary>
    [JsonPropertyName("orderPriority")] public IList<UpdatePriorityOrderTerm>? OrderPriority { get; set; }

    /// <summary>Pods are sorted by the sum of the weights of the terms whose selector matches them.</summary>
    [JsonPropertyName("weightPriority")] public IList<UpdatePriorityWeightTerm>? WeightPriority { get; set; }
}

public sealed class UpdatePriorityOrderTerm
{
    [JsonPropertyName("orderedKey")] public string OrderedKey { get; set; } = "";
}

public sealed class UpdatePriorityWeightTerm
{
    /// <summary>In the range 1-100.</summary>
    [JsonPropertyName("weight")] public int Weight { get; set; }

    [JsonPropertyName("matchSelector")] public V1LabelSelector MatchSelector { get; set; } = new();
}

/// <summary>
/// One term of a scatter strategy: pods carrying label <c>key=value</c> are spread evenly over the update order
/// instead of being updated together.
/// </summary>
public sealed class UpdateScatterTerm
{
    [JsonPropertyName("key")] public string Key { get; set; } = "";

    [JsonPropertyName("value")] public string Value { get; set; } = "";
}
