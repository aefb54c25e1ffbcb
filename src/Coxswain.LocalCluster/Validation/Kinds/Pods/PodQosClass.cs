using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Resources;

namespace Coxswain.LocalCluster.Validation.Kinds.Pods;

/// <summary>ComputePodQOS (k8s.io/kubernetes/pkg/apis/core/helper/qos), the value the server stores in status.qosClass.</summary>
public static class PodQosClass
{
    public const string BestEffort = "BestEffort";
    public const string Burstable = "Burstable";
    public const string Guaranteed = "Guaranteed";

    static readonly string[] QosResources = ["cpu", "memory"];

    public static string Compute(JsonObject? spec)
    {
        var requests = new Dictionary<string, decimal>();
        var limits = new Dictionary<string, decimal>();
        var guaranteed = true;

        if (spec.Obj("resources") is { } podResources && HasPodLevelQosResources(podResources))
        {
            // Pod-level resources, when set, decide the class on their own.
            Accumulate(requests, podResources.Obj("requests"));
            if (podResources.Obj("limits") is { Count: > 0 } podLimits)
            {
                Accumulate(limits, podLimits);
                if (!QosResources.All(r => Quantities.ValueOrZero(podLimits[r]) > 0)) guaranteed = false;
            }
        }
        else
        {
            // Ephemeral containers cannot declare resources, so only regular and init containers count.
            foreach (var list in (string[])["containers", "initContainers"])
                foreach (var (_, container) in spec.Arr(list).Objects())
                {
                    var resources = container.Obj("resources");
                    Accumulate(requests, resources.Obj("requests"));
                    var containerLimits = resources.Obj("limits");
                    Accumulate(limits, containerLimits);
                    if (!QosResources.All(r => Quantities.ValueOrZero(containerLimits?[r]) > 0)) guaranteed = false;
                }
        }

        if (requests.Count == 0 && limits.Count == 0) return BestEffort;
        if (guaranteed && requests.All(r => limits.TryGetValue(r.Key, out var l) && l == r.Value) && requests.Count == limits.Count)
            return Guaranteed;
        return Burstable;
    }

    static bool HasPodLevelQosResources(JsonObject resources) =>
        QosResources.Any(r => resources.Obj("requests").Has(r) || resources.Obj("limits").Has(r));

    /// <summary>Sums positive cpu/memory quantities; zero and other resources do not affect the class.</summary>
    static void Accumulate(Dictionary<string, decimal> totals, JsonObject? list)
    {
        foreach (var name in QosResources)
        {
            var quantity = Quantities.ValueOrZero(list?[name]);
            if (quantity > 0) totals[name] = totals.GetValueOrDefault(name) + quantity;
        }
    }
}
