using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Resources;

namespace Coxswain.LocalCluster.Scheduling;

/// <summary>
/// Amounts of node resources as kube-scheduler holds them (framework.Resource): int64 milli-cores of cpu, bytes of memory
/// and ephemeral storage, a pod count, and extended resources in units. Integers because the scheduler filters and scores
/// hundreds of nodes per pod: exact <c>decimal</c> arithmetic and a lookup by name per resource were most of its time.
/// Absent resources read as zero.
/// </summary>
public sealed class ResourceAmounts
{
    public const string Cpu = "cpu";
    public const string Memory = "memory";
    public const string EphemeralStorage = "ephemeral-storage";
    public const string Pods = "pods";

    /// <summary>Extended resources (<c>example.com/gpu</c>, <c>hugepages-2Mi</c>...); null while there are none, the usual case.</summary>
    Dictionary<string, long>? scalar;

    public long MilliCpu { get; set; }
    public long MemoryBytes { get; set; }
    public long EphemeralStorageBytes { get; set; }
    public long AllowedPodNumber { get; set; }

    /// <summary>A resource by its name, in the unit it is held in (milli-cores for <c>cpu</c>).</summary>
    public long this[string resource]
    {
        get => resource switch
        {
            Cpu => MilliCpu,
            Memory => MemoryBytes,
            EphemeralStorage => EphemeralStorageBytes,
            Pods => AllowedPodNumber,
            _ => scalar?.GetValueOrDefault(resource) ?? 0,
        };
        set
        {
            switch (resource)
            {
                case Cpu: MilliCpu = value; break;
                case Memory: MemoryBytes = value; break;
                case EphemeralStorage: EphemeralStorageBytes = value; break;
                case Pods: AllowedPodNumber = value; break;
                default: (scalar ??= new(StringComparer.Ordinal))[resource] = value; break;
            }
        }
    }

    /// <summary>The extended resources held, by name (their order is the dictionary's).</summary>
    public IEnumerable<KeyValuePair<string, long>> ScalarResources => scalar ?? [];

    /// <summary>
    /// A resource list of the wire JSON (<c>{"cpu": "100m", "memory": "64Mi"}</c>); unparsable values are skipped. Cpu is
    /// taken as <c>Quantity.MilliValue()</c>, the rest as <c>Quantity.Value()</c>: both round up, as apimachinery does.
    /// </summary>
    public static ResourceAmounts Parse(JsonObject? list)
    {
        var result = new ResourceAmounts();
        foreach (var (name, quantity) in list ?? [])
            if (Quantities.TryParse(quantity, out var value, out _)) result[name] = FromQuantity(name, value);
        return result;
    }

    /// <summary>An exact quantity in the unit <paramref name="resource"/> is held in, rounded up and capped to int64.</summary>
    public static long FromQuantity(string resource, decimal value)
    {
        var scaled = Math.Ceiling(resource == Cpu ? value * 1000 : value);
        return scaled >= long.MaxValue ? long.MaxValue : scaled <= long.MinValue ? long.MinValue : (long)scaled;
    }

    public void Add(ResourceAmounts other) => Combine(other, sign: 1);

    public void Subtract(ResourceAmounts other) => Combine(other, sign: -1);

    void Combine(ResourceAmounts other, long sign)
    {
        MilliCpu += sign * other.MilliCpu;
        MemoryBytes += sign * other.MemoryBytes;
        EphemeralStorageBytes += sign * other.EphemeralStorageBytes;
        AllowedPodNumber += sign * other.AllowedPodNumber;
        foreach (var (name, value) in other.ScalarResources) this[name] += sign * value;
    }

    /// <summary>Whether every amount is the same (absent and zero count as equal).</summary>
    public bool SameAs(ResourceAmounts other) =>
        MilliCpu == other.MilliCpu && MemoryBytes == other.MemoryBytes && EphemeralStorageBytes == other.EphemeralStorageBytes &&
        AllowedPodNumber == other.AllowedPodNumber &&
        ScalarResources.All(kv => other[kv.Key] == kv.Value) && other.ScalarResources.All(kv => this[kv.Key] == kv.Value);
}
