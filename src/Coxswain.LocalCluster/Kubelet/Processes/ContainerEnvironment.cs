using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>
/// A process-backed container's environment as the kubelet's makeEnvironmentVariables builds it: the Kubernetes service
/// variables (pointing at the local API server), then <c>envFrom</c> sources, then <c>env</c> in order with
/// <c>$(VAR)</c> references expanded and <c>valueFrom</c> resolved; plus Coxswain's own variables telling the process
/// where its files are. Throws <see cref="ContainerConfigException"/> with the kubelet's message when a source is missing.
/// </summary>
public static partial class ContainerEnvironment
{
    /// <summary>The container's root directory: a container path <c>/p</c> is <c>$COXSWAIN_CONTAINER_ROOT/p</c> on this machine.</summary>
    public const string ContainerRootVariable = "COXSWAIN_CONTAINER_ROOT";
    /// <summary>The directory with the service-account token, ca.crt and namespace (in-cluster config's files).</summary>
    public const string ServiceAccountVariable = "COXSWAIN_SERVICE_ACCOUNT_DIR";

    /// <summary>Host variables a .NET program needs to start at all; everything else of the host stays out.</summary>
    static readonly string[] InheritedFromHost = ["PATH", "DOTNET_ROOT", "DOTNET_HOST_PATH", "DOTNET_CLI_HOME", "LANG", "LC_ALL", "TMPDIR", "HOME"];

    public static List<KeyValuePair<string, string>> Build(PodContext pod, JsonObject container, Uri apiServer, string serviceAccountDirectory,
        ConfigObjects config)
    {
        var env = new Dictionary<string, string>(StringComparer.Ordinal);
        var order = new List<string>();
        void Set(string name, string value)
        {
            if (!env.ContainsKey(name)) order.Add(name);
            env[name] = value;
        }

        foreach (var name in InheritedFromHost)
            if (Environment.GetEnvironmentVariable(name) is { } value) Set(name, value);
        Set("HOSTNAME", pod.Spec.Str("hostname") is { Length: > 0 } h ? h : pod.Name);
        var host = apiServer.Host;
        var port = apiServer.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Set("KUBERNETES_SERVICE_HOST", host);
        Set("KUBERNETES_SERVICE_PORT", port);
        Set("KUBERNETES_SERVICE_PORT_HTTPS", port);
        Set("KUBERNETES_PORT", $"tcp://{host}:{port}");
        Set($"KUBERNETES_PORT_{port}_TCP", $"tcp://{host}:{port}");
        Set($"KUBERNETES_PORT_{port}_TCP_PROTO", "tcp");
        Set($"KUBERNETES_PORT_{port}_TCP_PORT", port);
        Set($"KUBERNETES_PORT_{port}_TCP_ADDR", host);
        Set("KUBECONFIG", pod.Directories.Kubeconfig);
        Set(ContainerRootVariable, pod.Directories.ContainerRoot(container.StrOrEmpty("name")));
        Set(ServiceAccountVariable, serviceAccountDirectory);

        foreach (var (_, source) in container.Arr("envFrom").Objects())
        {
            var secret = source.Obj("secretRef") is not null;
            var reference = source.Obj("secretRef") ?? source.Obj("configMapRef");
            if (reference is null) continue;
            var name = reference.StrOrEmpty("name");
            var data = config.Of(secret, name);
            if (data is null)
            {
                if (reference.Bool("optional") == true) continue;
                throw new ContainerConfigException(ConfigObjects.NotFound(secret, name));
            }
            var prefix = source.StrOrEmpty("prefix");
            // Keys that are not valid variable names are skipped (the kubelet records an event about them).
            foreach (var (key, value) in data.OrderBy(p => p.Key, StringComparer.Ordinal))
                if (EnvVarName().IsMatch(prefix + key)) Set(prefix + key, Encoding.UTF8.GetString(value));
        }

        // Container env may refer to the variables defined before it (and to the service variables), never to envFrom's
        // secrets' values in a different order: kubelet's mapping function is the env built so far.
        foreach (var (_, variable) in container.Arr("env").Objects())
        {
            var name = variable.StrOrEmpty("name");
            if (variable["value"] is not null || variable.Obj("valueFrom") is null)
            {
                Set(name, VariableExpansion.Expand(variable.StrOrEmpty("value"), n => env.GetValueOrDefault(n)));
                continue;
            }
            if (ValueFrom(pod, container, variable.Obj("valueFrom")!, config) is { } resolved) Set(name, resolved);
        }
        return order.Select(n => new KeyValuePair<string, string>(n, env[n])).ToList();
    }

    static string? ValueFrom(PodContext pod, JsonObject container, JsonObject valueFrom, ConfigObjects config)
    {
        if (valueFrom.Obj("fieldRef") is { } fieldRef) return DownwardApi.FieldRef(pod, fieldRef);
        if (valueFrom.Obj("resourceFieldRef") is { } resourceFieldRef)
            return DownwardApi.ResourceFieldRef(pod, resourceFieldRef, container.StrOrEmpty("name"));
        var secret = valueFrom.Obj("secretKeyRef") is not null;
        if ((valueFrom.Obj("secretKeyRef") ?? valueFrom.Obj("configMapKeyRef")) is not { } keyRef) return null;
        var name = keyRef.StrOrEmpty("name");
        var key = keyRef.StrOrEmpty("key");
        var optional = keyRef.Bool("optional") == true;
        var data = config.Of(secret, name);
        if (data is null) return optional ? null : throw new ContainerConfigException(ConfigObjects.NotFound(secret, name));
        if (!data.TryGetValue(key, out var value)) return optional ? null : throw new ContainerConfigException(config.KeyNotFound(secret, key, name));
        return Encoding.UTF8.GetString(value);
    }

    /// <summary>IsEnvVarName: a C identifier-ish name that may also hold '.' and '-'.</summary>
    [GeneratedRegex("^[-._a-zA-Z][-._a-zA-Z0-9]*$")]
    private static partial Regex EnvVarName();
}
