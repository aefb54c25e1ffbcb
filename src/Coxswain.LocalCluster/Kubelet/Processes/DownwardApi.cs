using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;
using Coxswain.LocalCluster.Validation.Resources;

namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>
/// The downward API as the kubelet resolves it for env vars and downwardAPI volume files: <c>fieldRef</c> (pod fields)
/// and <c>resourceFieldRef</c> (a container's limits or requests, limits defaulting to the node's allocatable).
/// </summary>
public static class DownwardApi
{
    /// <summary>kubelet's podFieldSelectorRuntimeValue plus the metadata paths ExtractFieldPathAsString knows.</summary>
    public static string FieldRef(PodContext pod, JsonObject fieldRef)
    {
        var path = fieldRef.StrOrEmpty("fieldPath");
        switch (path)
        {
            case "metadata.name": return pod.Name;
            case "metadata.namespace": return pod.Namespace;
            case "metadata.uid": return pod.Uid;
            case "metadata.labels": return FormatMap(pod.Metadata.Obj("labels"));
            case "metadata.annotations": return FormatMap(pod.Metadata.Obj("annotations"));
            case "spec.nodeName": return pod.Spec.StrOrEmpty("nodeName");
            case "spec.serviceAccountName": return pod.ServiceAccountName;
            case "status.hostIP" or "status.hostIPs": return pod.HostIp;
            case "status.podIP" or "status.podIPs": return pod.PodIp;
        }
        if (MapKey(path, "metadata.labels") is { } label) return pod.Metadata.Obj("labels").Str(label) ?? "";
        if (MapKey(path, "metadata.annotations") is { } annotation) return pod.Metadata.Obj("annotations").Str(annotation) ?? "";
        throw new ContainerConfigException($"unsupported fieldPath: {path}");
    }

    /// <summary>kubelet's ExtractContainerResourceValue: the amount divided by the divisor, rounded up.</summary>
    public static string ResourceFieldRef(PodContext pod, JsonObject resourceFieldRef, string defaultContainer)
    {
        var containerName = resourceFieldRef.Str("containerName") is { Length: > 0 } n ? n : defaultContainer;
        var container = pod.Container(containerName) ?? throw new ContainerConfigException($"container {containerName} not found");
        var resource = resourceFieldRef.StrOrEmpty("resource");
        var divisor = Quantities.TryParse(resourceFieldRef["divisor"], out var d, out _) && d > 0 ? d : 1;
        var resources = container.Obj("resources");
        var (list, name) = resource.Split('.', 2) is [var kind, var r] ? (kind, r) : ("", resource);
        decimal? amount = list switch
        {
            "limits" => Amount(resources.Obj("limits"), name) ?? NodeAllocatable(pod, name),
            "requests" => Amount(resources.Obj("requests"), name) ?? (name == "cpu" || name == "memory" ? 0 : null),
            _ => null,
        };
        if (amount is null) throw new ContainerConfigException($"unsupported container resource : {resource}");
        return Math.Ceiling(amount.Value / divisor).ToString(CultureInfo.InvariantCulture);
    }

    static decimal? Amount(JsonObject? list, string name) => Quantities.TryParse(list?[name], out var value, out _) ? value : null;

    static decimal? NodeAllocatable(PodContext pod, string name) => name switch
    {
        "cpu" => pod.NodeCpuCores,
        "memory" => pod.NodeMemoryBytes,
        "ephemeral-storage" => pod.NodeEphemeralStorageBytes,
        _ => null,
    };

    /// <summary><c>metadata.labels['key']</c> → key.</summary>
    static string? MapKey(string path, string prefix)
    {
        if (!path.StartsWith(prefix + "['", StringComparison.Ordinal) || !path.EndsWith("']", StringComparison.Ordinal)) return null;
        return path[(prefix.Length + 2)..^2];
    }

    /// <summary>The downwardAPI volume format of a whole map: one <c>key="value"</c> line per entry, sorted, values Go-quoted.</summary>
    static string FormatMap(JsonObject? map)
    {
        var lines = new StringBuilder();
        foreach (var (key, value) in map.StringMap().OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (lines.Length > 0) lines.Append('\n');
            lines.Append(key).Append('=').Append(GoQuoting.Quote(value));
        }
        return lines.ToString();
    }
}
