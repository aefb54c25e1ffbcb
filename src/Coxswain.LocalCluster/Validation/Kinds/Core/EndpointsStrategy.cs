using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;
using Coxswain.LocalCluster.Validation.Kinds.Services;
using Coxswain.LocalCluster.Validation.Meta;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation.Kinds.Core;

/// <summary>Endpoints: every subset has addresses; addresses are IPs, ports are named when there are several.</summary>
public sealed class EndpointsStrategy() : ResourceStrategy(new ObjectMetaRules(Namespaced: true, NameValidators.DnsSubdomain, KubeFinalizers: true))
{
    public override void ApplyDefaults(JsonObject obj)
    {
        foreach (var (_, subset) in obj.Arr("subsets").Objects())
            foreach (var (_, port) in subset.Arr("ports").Objects())
                port.DefaultString("protocol", "TCP");
    }

    protected override IEnumerable<FieldError> ValidateBody(JsonObject obj)
    {
        foreach (var (i, subset) in obj.Arr("subsets").Objects())
        {
            var path = FieldPath.Root("subsets").Index(i);
            if (subset.Arr("addresses") is not { Count: > 0 } && subset.Arr("notReadyAddresses") is not { Count: > 0 })
                yield return FieldError.Required(path, "must specify `addresses` or `notReadyAddresses`");
            foreach (var list in (string[])["addresses", "notReadyAddresses"])
                foreach (var (j, address) in subset.Arr(list).Objects())
                {
                    var addressPath = path.Child(list).Index(j);
                    foreach (var e in IpFormats.IsValidIp(addressPath.Child("ip"), address.StrOrEmpty("ip"))) yield return e;
                    if (address.Str("hostname") is { Length: > 0 } hostname)
                        foreach (var m in DnsNames.IsDns1123Label(hostname)) yield return FieldError.Invalid(addressPath.Child("hostname"), hostname, m);
                    if (address.Str("nodeName") is { } nodeName)
                        foreach (var m in NameValidators.DnsSubdomain(nodeName, false)) yield return FieldError.Invalid(addressPath.Child("nodeName"), nodeName, m);
                }
            var ports = subset.Arr("ports");
            foreach (var (j, port) in ports.Objects())
            {
                var portPath = path.Child("ports").Index(j);
                var name = port.StrOrEmpty("name");
                if (ports!.Count > 1 && name.Length == 0) yield return FieldError.Required(portPath.Child("name"));
                else if (name.Length > 0)
                    foreach (var m in DnsNames.IsDns1123Label(name)) yield return FieldError.Invalid(portPath.Child("name"), name, m);
                var number = port.Long("port") ?? 0;
                foreach (var m in ValueFormats.IsValidPortNum(number)) yield return FieldError.Invalid(portPath.Child("port"), number, m);
                var protocol = port.StrOrEmpty("protocol");
                if (protocol.Length == 0) yield return FieldError.Required(portPath.Child("protocol"));
                else if (!ServicePortValidation.Protocols.Contains(protocol))
                    yield return FieldError.NotSupported(portPath.Child("protocol"), protocol, ServicePortValidation.Protocols);
            }
        }
    }
}
