using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Scheduling;

/// <summary>
/// What a pod asks of a node (k8s.io/component-helpers resource.PodRequests): its containers' requests, raised to what
/// any init container needs while it runs next to the sidecars started before it, plus the pod overhead.
/// </summary>
public static class PodResourceRequests
{
    /// <summary>The scheduler's stand-ins for a container that requests no cpu or memory, used only for scoring.</summary>
    public const decimal DefaultMilliCpuRequest = 0.1m;
    public const decimal DefaultMemoryRequest = 200 * 1024 * 1024;

    public static ResourceAmounts Of(JsonObject? spec) => Compute(spec, nonZero: false);

    /// <summary>Like <see cref="Of"/> but with cpu and memory defaulted per container, so empty pods still spread by load.</summary>
    public static ResourceAmounts NonZero(JsonObject? spec) => Compute(spec, nonZero: true);

    static ResourceAmounts Compute(JsonObject? spec, bool nonZero)
    {
        var requests = new ResourceAmounts();
        foreach (var (_, container) in spec.Arr("containers").Objects()) requests.Add(ContainerRequests(container, nonZero));

        var sidecars = new ResourceAmounts();
        var initPeak = new ResourceAmounts();
        foreach (var (_, init) in spec.Arr("initContainers").Objects())
        {
            var own = ContainerRequests(init, nonZero);
            if (init.StrOrEmpty("restartPolicy") == "Always")
            {
                // A sidecar keeps running next to the app containers and every later init container.
                requests.Add(own);
                sidecars.Add(own);
                initPeak.Max(sidecars);
            }
            else
            {
                var whileRunning = own.Clone();
                whileRunning.Add(sidecars);
                initPeak.Max(whileRunning);
            }
        }
        requests.Max(initPeak);
        requests.Add(ResourceAmounts.Parse(spec.Obj("overhead")));
        return requests;
    }

    static ResourceAmounts ContainerRequests(JsonObject container, bool nonZero)
    {
        var requests = ResourceAmounts.Parse(container.Obj("resources").Obj("requests"));
        if (nonZero)
        {
            if (requests[ResourceAmounts.Cpu] == 0) requests[ResourceAmounts.Cpu] = DefaultMilliCpuRequest;
            if (requests[ResourceAmounts.Memory] == 0) requests[ResourceAmounts.Memory] = DefaultMemoryRequest;
        }
        return requests;
    }
}
