using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Validation.Kinds.Pods;

/// <summary>SetDefaults_Pod: the pod-only defaults layered on top of <see cref="PodSpecDefaults"/>.</summary>
public static class PodDefaults
{
    public static void Apply(JsonObject pod)
    {
        var spec = pod.GetOrAddObject("spec");
        PodSpecDefaults.Apply(spec);
        // Requests default to limits for pods only (not templates), so a limit-only container is Guaranteed.
        foreach (var list in (string[])["containers", "initContainers"])
            foreach (var (_, container) in spec.Arr(list).Objects())
                DefaultRequestsToLimits(container.Obj("resources"));
        spec.Default("enableServiceLinks", true);
        if (spec.Bool("hostNetwork") == true)
            foreach (var list in (string[])["containers", "initContainers"])
                foreach (var (_, container) in spec.Arr(list).Objects())
                    foreach (var (_, port) in container.Arr("ports").Objects())
                        if ((port.Long("hostPort") ?? 0) == 0 && port["containerPort"] is { } containerPort)
                            port["hostPort"] = containerPort.DeepClone();
    }

    static void DefaultRequestsToLimits(JsonObject? resources)
    {
        if (resources?.Obj("limits") is not { } limits) return;
        var requests = resources.GetOrAddObject("requests");
        foreach (var (name, quantity) in limits)
            if (!requests.ContainsKey(name)) requests[name] = quantity?.DeepClone();
    }
}
