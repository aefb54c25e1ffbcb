using System.Text;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>The Secrets and ConfigMaps a pod's env and volumes read, with the kubelet's words when one is missing.</summary>
public sealed class ConfigObjects(ResourceStorage storage, string ns)
{
    /// <summary>A Secret's keys and decoded values, or null when it does not exist.</summary>
    public IReadOnlyDictionary<string, byte[]>? Secret(string name)
    {
        if (storage.TryGet(BuiltInResources.Secrets, ns, name)?.ToJsonObject() is not { } secret) return null;
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in secret.Obj("data").StringMap())
            data[key] = Convert.FromBase64String(value);
        return data;
    }

    /// <summary>A ConfigMap's keys and values (data as UTF-8, binaryData decoded), or null when it does not exist.</summary>
    public IReadOnlyDictionary<string, byte[]>? ConfigMap(string name)
    {
        if (storage.TryGet(BuiltInResources.ConfigMaps, ns, name)?.ToJsonObject() is not { } configMap) return null;
        var data = new Dictionary<string, byte[]>(StringComparer.Ordinal);
        foreach (var (key, value) in configMap.Obj("data").StringMap()) data[key] = Encoding.UTF8.GetBytes(value);
        foreach (var (key, value) in configMap.Obj("binaryData").StringMap()) data[key] = Convert.FromBase64String(value);
        return data;
    }

    /// <summary>The data of a <c>secretKeyRef</c>/<c>secretRef</c> (<paramref name="secret"/>) or configMap one, by kind.</summary>
    public IReadOnlyDictionary<string, byte[]>? Of(bool secret, string name) => secret ? Secret(name) : ConfigMap(name);

    public static string NotFound(bool secret, string name) => secret ? $"secret \"{name}\" not found" : $"configmap \"{name}\" not found";

    /// <summary>env valueFrom: "couldn't find key KEY in Secret ns/name".</summary>
    public string KeyNotFound(bool secret, string key, string name) => $"couldn't find key {key} in {(secret ? "Secret" : "ConfigMap")} {ns}/{name}";
}
