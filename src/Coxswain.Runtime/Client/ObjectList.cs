using System.Text.Json.Serialization;
using k8s.Models;

namespace Coxswain.Runtime.Client;

/// <summary>One page of a list response: the items and the list metadata (resource version and continue token).</summary>
public sealed class ObjectList<T>
{
    [JsonPropertyName("metadata")]
    public V1ListMeta Metadata { get; set; } = new();

    [JsonPropertyName("items")]
    public IList<T> Items { get; set; } = [];
}
