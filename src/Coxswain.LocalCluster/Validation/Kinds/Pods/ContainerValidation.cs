using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;
using Coxswain.LocalCluster.Validation.Resources;

namespace Coxswain.LocalCluster.Validation.Kinds.Pods;

/// <summary>Regular, init and ephemeral containers of a pod spec (validateContainers and its siblings).</summary>
public static class ContainerValidation
{
    static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];
    static readonly string[] PullPolicies = ["Always", "IfNotPresent", "Never"];
    static readonly string[] TerminationMessagePolicies = ["File", "FallbackToLogsOnError"];

    public static IEnumerable<FieldError> ValidateContainers(JsonArray? containers, IReadOnlySet<string> volumes, long? gracePeriod, FieldPath path)
    {
        if (containers is null || containers.Count == 0)
        {
            yield return FieldError.Required(path);
            yield break;
        }
        var names = new HashSet<string>();
        foreach (var (i, container) in containers.Objects())
        {
            var itemPath = path.Index(i);
            foreach (var e in ValidateCommon(container, volumes, itemPath)) yield return e;
            if (!names.Add(container.StrOrEmpty("name"))) yield return FieldError.Duplicate(itemPath.Child("name"), container.StrOrEmpty("name"));
            foreach (var e in ValidateProbesAndLifecycle(container, gracePeriod, itemPath)) yield return e;
            if (container.Has("restartPolicy")) yield return FieldError.Forbidden(itemPath.Child("restartPolicy"), "may not be set for non-init containers");
        }
        foreach (var e in HostPortConflicts(containers.Objects().Select(c => c), path)) yield return e;
    }

    public static IEnumerable<FieldError> ValidateInitContainers(JsonArray? initContainers, JsonArray? containers, IReadOnlySet<string> volumes, long? gracePeriod, FieldPath path)
    {
        var names = containers.Objects().Select(c => c.Item.StrOrEmpty("name")).ToHashSet();
        foreach (var (i, container) in initContainers.Objects())
        {
            var itemPath = path.Index(i);
            foreach (var e in ValidateCommon(container, volumes, itemPath)) yield return e;

            var restartAlways = false;
            if (container.Str("restartPolicy") is { } restartPolicy)
            {
                if (restartPolicy != "Always") yield return FieldError.NotSupported(itemPath.Child("restartPolicy"), restartPolicy, ["Always"]);
                restartAlways = restartPolicy == "Always";
            }

            var name = container.StrOrEmpty("name");
            if (names.Contains(name)) yield return FieldError.Duplicate(itemPath.Child("name"), name);
            else if (name.Length > 0) names.Add(name);

            // Init containers run one at a time, so their host ports only have to be unique within each container.
            foreach (var e in HostPortConflicts([(i, container)], path)) yield return e;

            if (restartAlways)
            {
                // Sidecars (restartable init containers) may have probes and hooks like regular containers.
                foreach (var e in ValidateProbesAndLifecycle(container, gracePeriod, itemPath)) yield return e;
            }
            else
            {
                foreach (var field in (string[])["lifecycle", "livenessProbe", "readinessProbe", "startupProbe"])
                    if (container.Has(field))
                        yield return FieldError.Forbidden(itemPath.Child(field), "may not be set for init containers without restartPolicy=Always");
            }
        }
    }

    /// <summary>validateContainerCommon: what every container kind must satisfy.</summary>
    static IEnumerable<FieldError> ValidateCommon(JsonObject container, IReadOnlySet<string> volumes, FieldPath path)
    {
        var name = container.StrOrEmpty("name");
        if (name.Length == 0) yield return FieldError.Required(path.Child("name"));
        else
            foreach (var m in DnsNames.IsDns1123Label(name)) yield return FieldError.Invalid(path.Child("name"), name, m);

        if (container.StrOrEmpty("image").Length == 0) yield return FieldError.Required(path.Child("image"));

        var terminationMessagePolicy = container.StrOrEmpty("terminationMessagePolicy");
        if (terminationMessagePolicy.Length == 0) yield return FieldError.Required(path.Child("terminationMessagePolicy"));
        else if (!TerminationMessagePolicies.Contains(terminationMessagePolicy))
            yield return FieldError.NotSupported(path.Child("terminationMessagePolicy"), terminationMessagePolicy, TerminationMessagePolicies);

        foreach (var e in ValidatePorts(container.Arr("ports"), path.Child("ports"))) yield return e;
        foreach (var e in EnvValidation.ValidateEnv(container.Arr("env"), path.Child("env"))) yield return e;
        foreach (var e in EnvValidation.ValidateEnvFrom(container.Arr("envFrom"), path.Child("envFrom"))) yield return e;
        foreach (var e in VolumeValidation.ValidateMounts(container, volumes, path.Child("volumeMounts"))) yield return e;

        var pullPolicy = container.StrOrEmpty("imagePullPolicy");
        if (pullPolicy.Length == 0) yield return FieldError.Required(path.Child("imagePullPolicy"));
        else if (!PullPolicies.Contains(pullPolicy)) yield return FieldError.NotSupported(path.Child("imagePullPolicy"), pullPolicy, PullPolicies);

        foreach (var e in ResourceRequirementsValidation.ValidateContainer(container.Obj("resources"), path.Child("resources"))) yield return e;
    }

    static IEnumerable<FieldError> ValidateProbesAndLifecycle(JsonObject container, long? gracePeriod, FieldPath path)
    {
        if (container.Obj("lifecycle") is { } lifecycle)
            foreach (var e in ProbeValidation.ValidateLifecycle(lifecycle, gracePeriod, path.Child("lifecycle"))) yield return e;
        foreach (var e in ProbeValidation.ValidateLiveness(container.Obj("livenessProbe"), gracePeriod, path.Child("livenessProbe"))) yield return e;
        foreach (var e in ProbeValidation.ValidateReadiness(container.Obj("readinessProbe"), gracePeriod, path.Child("readinessProbe"))) yield return e;
        foreach (var e in ProbeValidation.ValidateStartup(container.Obj("startupProbe"), gracePeriod, path.Child("startupProbe"))) yield return e;
    }

    /// <summary>validateContainerPorts: names are unique IANA service names, numbers in range, protocol a known one.</summary>
    static IEnumerable<FieldError> ValidatePorts(JsonArray? ports, FieldPath path)
    {
        var names = new HashSet<string>();
        foreach (var (i, port) in ports.Objects())
        {
            var itemPath = path.Index(i);
            var name = port.StrOrEmpty("name");
            if (name.Length > 0)
            {
                var nameErrors = ValueFormats.IsValidPortName(name);
                foreach (var m in nameErrors) yield return FieldError.Invalid(itemPath.Child("name"), name, m);
                if (nameErrors.Count == 0 && !names.Add(name)) yield return FieldError.Duplicate(itemPath.Child("name"), name);
            }

            var containerPort = port.Long("containerPort") ?? 0;
            if (containerPort == 0) yield return FieldError.Required(itemPath.Child("containerPort"));
            else
                foreach (var m in ValueFormats.IsValidPortNum(containerPort)) yield return FieldError.Invalid(itemPath.Child("containerPort"), containerPort, m);

            var hostPort = port.Long("hostPort") ?? 0;
            if (hostPort != 0)
                foreach (var m in ValueFormats.IsValidPortNum(hostPort)) yield return FieldError.Invalid(itemPath.Child("hostPort"), hostPort, m);

            var protocol = port.StrOrEmpty("protocol");
            if (protocol.Length == 0) yield return FieldError.Required(itemPath.Child("protocol"));
            else if (!Protocols.Contains(protocol)) yield return FieldError.NotSupported(itemPath.Child("protocol"), protocol, Protocols);
        }
    }

    /// <summary>AccumulateUniqueHostPorts: the same protocol/hostIP/hostPort may be claimed once.</summary>
    static IEnumerable<FieldError> HostPortConflicts(IEnumerable<(int Index, JsonObject Item)> containers, FieldPath path)
    {
        var seen = new HashSet<string>();
        foreach (var (ci, container) in containers)
            foreach (var (pi, port) in container.Arr("ports").Objects())
            {
                var hostPort = port.Long("hostPort") ?? 0;
                if (hostPort == 0) continue;
                var key = $"{port.StrOrEmpty("protocol")}/{port.StrOrEmpty("hostIP")}/{hostPort}";
                if (!seen.Add(key)) yield return FieldError.Duplicate(path.Index(ci).Child("ports").Index(pi).Child("hostPort"), key);
            }
    }

    /// <summary>validateContainersOnlyForPod: pods (not templates) may not pad images with whitespace.</summary>
    public static IEnumerable<FieldError> ValidateImageWhitespace(JsonArray? containers, FieldPath path)
    {
        foreach (var (i, container) in containers.Objects())
        {
            var image = container.StrOrEmpty("image");
            if (image.Length != image.Trim().Length)
                yield return FieldError.Invalid(path.Index(i).Child("image"), image, "must not have leading or trailing whitespace");
        }
    }
}
