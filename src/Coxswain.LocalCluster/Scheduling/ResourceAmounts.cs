using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Resources;

namespace Coxswain.LocalCluster.Scheduling;

/// <summary>
/// Amounts of node resources by name (<c>cpu</c> in cores, <c>memory</c> and <c>ephemeral-storage</c> in bytes, extended
/// resources in units), exact as <c>resource.Quantity</c> is. Absent resources read as zero.
/// </summary>
public sealed class ResourceAmounts
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string EphemeralStorage = "ephemeral-storage";
    public const string Pods = "pods";

    readonly Dictionary<string, decimal> amounts = new(StringComparer.Ordinal);

    public decimal this[string resource]
    {
        get => amounts.GetValueOrDefault(resource);
        set => amounts[resource] = value;
    }

    public IEnumerable<string> Names => amounts.Keys;

    /// <summary>A resource list of the wire JSON (<c>{"cpu": "100m", "memory": "64Mi"}</c>); unparsable values are skipped.</summary>
    public static ResourceAmounts Parse(JsonObject? list)
    {
        var result = new ResourceAmounts();
        foreach (var (name, quantity) in list ?? [])
            if (Quantities.TryParse(quantity, out var value, out _)) result[name] = value;
        return result;
    }

    public void Add(ResourceAmounts other)
    {
        foreach (var (name, value) in other.amounts) this[name] += value;
    }

    public void Subtract(ResourceAmounts other)
    {
        foreach (var (name, value) in other.amounts) this[name] -= value;
    }

    /// <summary>Raises each amount to at least the other's (how init containers' requests combine).</summary>
    public void Max(ResourceAmounts other)
    {
        foreach (var (name, value) in other.amounts)
            if (value > this[name]) this[name] = value;
    }

    public ResourceAmounts Clone()
    {
        var copy = new ResourceAmounts();
        copy.Add(this);
        return copy;
    }
}
