using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Validation.Kinds.Pods;

/// <summary>
/// SetDefaults_PodSpec and the defaults of everything a pod spec contains (containers, probes, volumes, env selectors),
/// from k8s.io/kubernetes/pkg/apis/core/v1/defaults.go. Pod templates (Deployments, OpenKruise workloads) share these.
/// </summary>
public static class PodSpecDefaults
{
    public const string DefaultSchedulerName = "default-scheduler";
    public const int DefaultTerminationGracePeriodSeconds = 30;
    /// <summary>0644: the default file mode of secret, configMap, downwardAPI and projected volumes.</summary>
    public const int DefaultVolumeFileMode = 420;

    public static void Apply(JsonObject spec)
    {
        spec.DefaultString("dnsPolicy", "ClusterFirst");
        spec.DefaultString("restartPolicy", "Always");
        spec.Default("securityContext", new JsonObject());
        spec.Default("terminationGracePeriodSeconds", DefaultTerminationGracePeriodSeconds);
        spec.DefaultString("schedulerName", DefaultSchedulerName);

        foreach (var list in (string[])["containers", "initContainers", "ephemeralContainers"])
            foreach (var (_, container) in spec.Arr(list).Objects())
                ApplyToContainer(container);
        foreach (var (_, volume) in spec.Arr("volumes").Objects())
            ApplyToVolume(volume);
    }

    static void ApplyToContainer(JsonObject container)
    {
        container.DefaultString("imagePullPolicy", ImageReferences.HasLatestTag(container.StrOrEmpty("image")) ? "Always" : "IfNotPresent");
        container.DefaultString("terminationMessagePath", "/dev/termination-log");
        container.DefaultString("terminationMessagePolicy", "File");
        // ResourceRequirements is a struct, so it is always serialized, if only as {}.
        container.Default("resources", new JsonObject());
        foreach (var (_, port) in container.Arr("ports").Objects())
            port.DefaultString("protocol", "TCP");
        foreach (var probe in (string[])["livenessProbe", "readinessProbe", "startupProbe"])
            if (container.Obj(probe) is { } p) ApplyToProbe(p);
        if (container.Obj("lifecycle") is { } lifecycle)
            foreach (var hook in (string[])["postStart", "preStop"])
                ApplyToHttpGet(lifecycle.Obj(hook).Obj("httpGet"));
        foreach (var (_, env) in container.Arr("env").Objects())
            ApplyToFieldRef(env.Obj("valueFrom").Obj("fieldRef"));
    }

    static void ApplyToProbe(JsonObject probe)
    {
        DefaultPositive(probe, "timeoutSeconds", 1);
        DefaultPositive(probe, "periodSeconds", 10);
        DefaultPositive(probe, "successThreshold", 1);
        DefaultPositive(probe, "failureThreshold", 3);
        ApplyToHttpGet(probe.Obj("httpGet"));
    }

    static void ApplyToHttpGet(JsonObject? httpGet)
    {
        if (httpGet is null) return;
        httpGet.DefaultString("path", "/");
        httpGet.DefaultString("scheme", "HTTP");
    }

    static void ApplyToFieldRef(JsonObject? fieldRef) => fieldRef?.DefaultString("apiVersion", "v1");

    static void ApplyToVolume(JsonObject volume)
    {
        if (!VolumeSources.All.Any(volume.Has)) volume["emptyDir"] = new JsonObject();
        foreach (var source in (string[])["secret", "configMap", "downwardAPI", "projected"])
            volume.Obj(source)?.Default("defaultMode", DefaultVolumeFileMode);
        volume.Obj("hostPath")?.Default("type", "");
        foreach (var (_, item) in volume.Obj("downwardAPI").Arr("items").Objects())
            ApplyToFieldRef(item.Obj("fieldRef"));
        foreach (var (_, source) in volume.Obj("projected").Arr("sources").Objects())
        {
            source.Obj("serviceAccountToken")?.Default("expirationSeconds", 3600);
            foreach (var (_, item) in source.Obj("downwardAPI").Arr("items").Objects())
                ApplyToFieldRef(item.Obj("fieldRef"));
        }
        volume.Obj("ephemeral").Obj("volumeClaimTemplate").Obj("spec")?.Default("volumeMode", "Filesystem");
    }

    /// <summary>Probe counters default when zero (Go's zero value), not only when absent.</summary>
    static void DefaultPositive(JsonObject o, string name, int value)
    {
        if ((o.Long(name) ?? 0) == 0) o[name] = value;
    }
}
