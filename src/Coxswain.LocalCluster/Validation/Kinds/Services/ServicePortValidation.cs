using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;
using Coxswain.LocalCluster.Validation.Kinds.Pods;

namespace Coxswain.LocalCluster.Validation.Kinds.Services;

/// <summary>spec.ports of a Service: names, numbers, protocols and the (protocol, port) / (protocol, nodePort) uniqueness.</summary>
public static class ServicePortValidation
{
    public static readonly string[] Protocols = ["SCTP", "TCP", "UDP"];

    public static IEnumerable<FieldError> Validate(JsonObject? spec, FieldPath portsPath)
    {
        var ports = spec.Arr("ports");
        var requireName = ports is { Count: > 1 };
        var names = new HashSet<string>();
        foreach (var (i, port) in ports.Objects())
        {
            var path = portsPath.Index(i);
            var name = port.StrOrEmpty("name");
            if (requireName && name.Length == 0) yield return FieldError.Required(path.Child("name"));
            else if (name.Length > 0)
            {
                foreach (var m in DnsNames.IsDns1123Label(name)) yield return FieldError.Invalid(path.Child("name"), name, m);
                if (!names.Add(name)) yield return FieldError.Duplicate(path.Child("name"), name);
            }

            var number = port.Long("port") ?? 0;
            foreach (var m in ValueFormats.IsValidPortNum(number)) yield return FieldError.Invalid(path.Child("port"), number, m);

            var protocol = port.StrOrEmpty("protocol");
            if (protocol.Length == 0) yield return FieldError.Required(path.Child("protocol"));
            else if (!Protocols.Contains(protocol)) yield return FieldError.NotSupported(path.Child("protocol"), protocol, Protocols);

            foreach (var e in ProbeValidation.ValidatePortNumOrName(port["targetPort"], path.Child("targetPort"))) yield return e;
            if (port.Str("appProtocol") is { } appProtocol)
                foreach (var m in LabelFormats.IsQualifiedName(appProtocol)) yield return FieldError.Invalid(path.Child("appProtocol"), appProtocol, m);
        }
    }

    public static IEnumerable<FieldError> ValidateUniqueness(JsonObject? spec, FieldPath portsPath)
    {
        if (spec.StrOrEmpty("type") == "ClusterIP")
            foreach (var (i, port) in spec.Arr("ports").Objects())
                if ((port.Long("nodePort") ?? 0) != 0)
                    yield return FieldError.Forbidden(portsPath.Index(i).Child("nodePort"), "may not be used when `type` is 'ClusterIP'");

        var nodePorts = new HashSet<(string, long)>();
        foreach (var (i, port) in spec.Arr("ports").Objects())
        {
            var nodePort = port.Long("nodePort") ?? 0;
            if (nodePort != 0 && !nodePorts.Add((port.StrOrEmpty("protocol"), nodePort)))
                yield return FieldError.Duplicate(portsPath.Index(i).Child("nodePort"), nodePort);
        }

        var servicePorts = new HashSet<(string, long)>();
        foreach (var (i, port) in spec.Arr("ports").Objects())
        {
            var protocol = port.StrOrEmpty("protocol");
            var number = port.Long("port") ?? 0;
            if (!servicePorts.Add((protocol, number)))
                yield return FieldError.Duplicate(portsPath.Index(i), new StringerValue(GoServicePortKey(protocol, number)));
        }
    }

    /// <summary>Upstream reports a duplicate port as the %#v of the core.ServicePort it used as the map key.</summary>
    static string GoServicePortKey(string protocol, long port) =>
        $"core.ServicePort{{Name:\"\", Protocol:{GoQuoting.Quote(protocol)}, AppProtocol:(*string)(nil), Port:{port}, " +
        "TargetPort:intstr.IntOrString{Type:0, IntVal:0, StrVal:\"\"}, NodePort:0}";
}
