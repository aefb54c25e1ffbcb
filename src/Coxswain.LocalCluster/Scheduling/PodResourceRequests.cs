using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;
using Coxswain.LocalCluster.Validation.Resources;

namespace Coxswain.LocalCluster.Scheduling;

/// <summary>
/// What a pod asks of a node (k8s.io/component-helpers resource.PodRequests): its containers' requests, raised to what
/// any init container needs while it runs next to the sidecars started before it, plus the pod overhead. Summed exactly,
/// as resource.Quantity does, and only then turned into the scheduler's integers (once per pod, not per node).
/// </summary>
public static class PodResourceRequests
{
    /// <summary>The scheduler's stand-ins for a container that requests no cpu or memory, used only for scoring.</summary>
    public const long DefaultMilliCpuRequest = 100;
    public const long DefaultMemoryRequest = 200 * 1024 * 1024;

    public static ResourceAmounts Of(JsonObject? spec) => Compute(spec, nonZero: false);

    /// <summary>
    /// Like <see cref="Of"/> but with cpu and memory defaulted for each container that does not name them (upstream's
    /// NonMissingContainerRequests: an explicit zero stays zero), so empty pods still spread by load.
    /// </summary>
    public static ResourceAmounts NonZero(JsonObject? spec) => Compute(spec, nonZero: true);

    static ResourceAmounts Compute(JsonObject? spec, bool nonZero)
    {
        var requests = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (_, container) in spec.Arr("containers").Objects()) Add(requests, ContainerRequests(container, nonZero));

        var sidecars = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var initPeak = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (_, init) in spec.Arr("initContainers").Objects())
        {
            var own = ContainerRequests(init, nonZero);
            if (init.StrOrEmpty("restartPolicy") == "Always")
            {
                // A sidecar keeps running next to the app containers and every later init container.
                Add(requests, own);
                Add(sidecars, own);
                Max(initPeak, sidecars);
            }
            else
            {
                Add(own, sidecars);
                Max(initPeak, own);
            }
        }
        Max(requests, initPeak);
        Add(requests, Parse(spec.Obj("overhead")));

        var result = new ResourceAmounts();
        foreach (var (name, value) in requests) result[name] = ResourceAmounts.FromQuantity(name, value);
        return result;
    }

    static Dictionary<string, decimal> ContainerRequests(JsonObject container, bool nonZero)
    {
        var requests = Parse(container.Obj("resources").Obj("requests"));
        if (nonZero)
        {
            requests.TryAdd(ResourceAmounts.Cpu, DefaultMilliCpuRequest / 1000m);
            requests.TryAdd(ResourceAmounts.Memory, DefaultMemoryRequest);
        }
        return requests;
    }

    static Dictionary<string, decimal> Parse(JsonObject? list)
    {
        var result = new Dictionary<string, decimal>(StringComparer.Ordinal);
        foreach (var (name, quantity) in list ?? [])
            if (Quantities.TryParse(quantity, out var value, out _)) result[name] = value;
        return result;
    }

    static void Add(Dictionary<string, decimal> to, Dictionary<string, decimal> other)
    {
        foreach (var (name, value) in other) to[name] = to.GetValueOrDefault(name) + value;
    }

    /// <summary>Raises each amount to at least the other's (how init containers' requests combine).</summary>
    static void Max(Dictionary<string, decimal> to, Dictionary<string, decimal> other)
    {
        foreach (var (name, value) in other)
            if (value > to.GetValueOrDefault(name)) to[name] = value;
    }
}
