using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;
using Coxswain.LocalCluster.Validation.Kinds.Services;
using Coxswain.LocalCluster.Validation.Meta;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation.Kinds.Discovery;

/// <summary>discovery.k8s.io EndpointSlices (pkg/apis/discovery/validation).</summary>
public sealed class EndpointSliceStrategy()
    : ResourceStrategy(new ObjectMetaRules(Namespaced: true, NameValidators.DnsSubdomain, KubeFinalizers: true))
{
    const int MaxEndpoints = 1000;
    const int MaxAddresses = 100;
    const int MaxPorts = 100;
    const int MaxTopologyLabels = 16;
    static readonly string[] CreatableAddressTypes = ["FQDN", "IPv4", "IPv6"];
    /// <summary>"IP" was deprecated before GA; existing slices may keep it, new ones may not use it.</summary>
    static readonly string[] UpdatableAddressTypes = ["FQDN", "IP", "IPv4", "IPv6"];

    /// <summary>SetDefaults_EndpointPort: an unnamed TCP port.</summary>
    public override void ApplyDefaults(JsonObject obj)
    {
        foreach (var (_, port) in obj.Arr("ports").Objects())
        {
            port.Default("name", "");
            port.Default("protocol", "TCP");
        }
    }

    public override IReadOnlyList<FieldError> ValidateCreate(JsonObject obj)
    {
        var errors = ObjectMetaValidation.ValidateCreate(obj, MetaRules);
        errors.AddRange(Validate(obj, CreatableAddressTypes));
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject newObj, JsonObject oldObj)
    {
        var errors = ObjectMetaValidation.ValidateUpdate(newObj, oldObj, MetaRules);
        errors.AddRange(Validate(newObj, UpdatableAddressTypes));
        errors.AddRange(ImmutableFields.Check(newObj["addressType"], oldObj["addressType"], FieldPath.Root("addressType")));
        return errors;
    }

    static IEnumerable<FieldError> Validate(JsonObject slice, string[] addressTypes)
    {
        var addressType = slice.StrOrEmpty("addressType");
        if (addressType.Length == 0) yield return FieldError.Required(FieldPath.Root("addressType"));
        else if (!addressTypes.Contains(addressType)) yield return FieldError.NotSupported(FieldPath.Root("addressType"), addressType, addressTypes);
        foreach (var e in ValidateEndpoints(slice.Arr("endpoints"), addressType)) yield return e;
        foreach (var e in ValidatePorts(slice.Arr("ports"))) yield return e;
    }

    static IEnumerable<FieldError> ValidateEndpoints(JsonArray? endpoints, string addressType)
    {
        var path = FieldPath.Root("endpoints");
        if (endpoints is { Count: > MaxEndpoints })
        {
            yield return FieldError.TooMany(path, endpoints.Count, MaxEndpoints);
            yield break;
        }
        foreach (var (i, endpoint) in endpoints.Objects())
        {
            var addressesPath = path.Index(i).Child("addresses");
            var addresses = endpoint.Arr("addresses");
            if (addresses is not { Count: > 0 }) yield return FieldError.Required(addressesPath, "must contain at least 1 address");
            else if (addresses.Count > MaxAddresses) yield return FieldError.TooMany(addressesPath, addresses.Count, MaxAddresses);
            foreach (var (j, address) in addresses.Strings())
                foreach (var e in ValidateAddress(address, addressType, addressesPath.Index(j))) yield return e;

            var topology = endpoint.Obj("deprecatedTopology");
            if (topology is { Count: > MaxTopologyLabels })
                yield return FieldError.TooMany(path.Index(i).Child("topology"), topology.Count, MaxTopologyLabels);
            foreach (var e in LabelValidation.ValidateLabels(topology, path.Index(i).Child("topology"))) yield return e;
            if (endpoint.Str("hostname") is { } hostname)
                foreach (var m in DnsNames.IsDns1123Label(hostname)) yield return FieldError.Invalid(path.Index(i).Child("hostname"), hostname, m);
        }
    }

    /// <summary>Addresses of unknown types are not checked, as upstream.</summary>
    static IEnumerable<FieldError> ValidateAddress(string address, string addressType, FieldPath path)
    {
        var parsed = IpFormats.TryParse(address, out var family);
        switch (addressType)
        {
            case "IP":
                if (!parsed) yield return FieldError.Invalid(path, address, IpFormats.InvalidIp);
                break;
            case "IPv4":
                if (!parsed || family != System.Net.Sockets.AddressFamily.InterNetwork) yield return FieldError.Invalid(path, address, "must be a valid IPv4 address");
                break;
            case "IPv6":
                if (!parsed || family != System.Net.Sockets.AddressFamily.InterNetworkV6) yield return FieldError.Invalid(path, address, "must be a valid IPv6 address");
                break;
            case "FQDN":
                foreach (var e in DnsNames.IsFullyQualifiedDomainName(path, address)) yield return e;
                break;
        }
    }

    static IEnumerable<FieldError> ValidatePorts(JsonArray? ports)
    {
        var path = FieldPath.Root("ports");
        if (ports is { Count: > MaxPorts })
        {
            yield return FieldError.TooMany(path, ports.Count, MaxPorts);
            yield break;
        }
        // Names must be unique, the empty name included: a slice has at most one unnamed port.
        var names = new HashSet<string>();
        foreach (var (i, port) in ports.Objects())
        {
            var name = port.StrOrEmpty("name");
            if (name.Length > 0)
                foreach (var m in DnsNames.IsDns1123Label(name)) yield return FieldError.Invalid(path.Index(i).Child("name"), name, m);
            if (!names.Add(name)) yield return FieldError.Duplicate(path.Index(i).Child("name"), name);
            var protocol = port.Str("protocol");
            if (protocol is null) yield return FieldError.Required(path.Index(i).Child("protocol"));
            else if (!ServicePortValidation.Protocols.Contains(protocol))
                yield return FieldError.NotSupported(path.Index(i).Child("protocol"), protocol, ServicePortValidation.Protocols);
            if (port.Str("appProtocol") is { } appProtocol)
                foreach (var m in LabelFormats.IsQualifiedName(appProtocol)) yield return FieldError.Invalid(path.Index(i).Child("appProtocol"), appProtocol, m);
        }
    }
}
