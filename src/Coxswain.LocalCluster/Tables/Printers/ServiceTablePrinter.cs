using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>kubectl's service columns: NAME TYPE CLUSTER-IP EXTERNAL-IP PORT(S) AGE, wide SELECTOR.</summary>
internal sealed class ServiceTablePrinter : ITablePrinter
{
    public static readonly ServiceTablePrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        CommonColumns.Name,
        new("Type", "string", "type determines how the Service is exposed. Defaults to ClusterIP. Valid options are ExternalName, ClusterIP, NodePort, and LoadBalancer. \"ClusterIP\" allocates a cluster-internal IP address for load-balancing to endpoints. Endpoints are determined by the selector or if that is not specified, by manual construction of an Endpoints object or EndpointSlice objects. If clusterIP is \"None\", no virtual IP is allocated and the endpoints are published as a set of endpoints rather than a virtual IP. \"NodePort\" builds on ClusterIP and allocates a port on every node which routes to the same endpoints as the clusterIP. \"LoadBalancer\" builds on NodePort and creates an external load-balancer (if supported in the current cloud) which routes to the same endpoints as the clusterIP. \"ExternalName\" aliases this service to the specified externalName. Several other fields do not apply to ExternalName services. More info: https://kubernetes.io/docs/concepts/services-networking/service/#publishing-services-service-types"),
        new("Cluster-IP", "string", "clusterIP is the IP address of the service and is usually assigned randomly. If an address is specified manually, is in-range (as per system configuration), and is not in use, it will be allocated to the service; otherwise creation of the service will fail. This field may not be changed through updates unless the type field is also being changed to ExternalName (which requires this field to be blank) or the type field is being changed from ExternalName (in which case this field may optionally be specified, as describe above).  Valid values are \"None\", empty string (\"\"), or a valid IP address. Setting this to \"None\" makes a \"headless service\" (no virtual IP), which is useful when direct endpoint connections are preferred and proxying is not required.  Only applies to types ClusterIP, NodePort, and LoadBalancer. If this field is specified when creating a Service of type ExternalName, creation will fail. This field will be wiped when updating a Service to type ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
        new("External-IP", "string", "externalIPs is a list of IP addresses for which nodes in the cluster will also accept traffic for this service.  These IPs are not managed by Kubernetes.  The user is responsible for ensuring that traffic arrives at a node with this IP.  A common example is external load-balancers that are not part of the Kubernetes system."),
        new("Port(s)", "string", "The list of ports that are exposed by this service. More info: https://kubernetes.io/docs/concepts/services-networking/service/#virtual-ips-and-service-proxies"),
        CommonColumns.Age,
        new("Selector", "string", "Route service traffic to pods with label keys and values matching this selector. If empty or not present, the service is assumed to have an external process managing its endpoints, which Kubernetes will not modify. Only applies to types ClusterIP, NodePort, and LoadBalancer. Ignored if type is ExternalName. More info: https://kubernetes.io/docs/concepts/services-networking/service/", Priority: 1),
    ];

    public PrintedRow PrintRow(JsonObject obj, DateTimeOffset now)
    {
        var spec = obj.ObjectAt("spec");
        var ports = Ports(spec);
        return new PrintedRow(
            CommonColumns.NameOf(obj),
            spec.TextAt("type"),
            ClusterIp(spec) is { Length: > 0 } clusterIp ? clusterIp : "<none>",
            ExternalIp(obj),
            ports.Length == 0 ? "<none>" : ports,
            CommonColumns.AgeOf(obj, now),
            LabelFormatting.FormatLabels(spec.StringMapAt("selector")));
    }

    /// <summary>
    /// The primary cluster IP. As in the v1-to-internal conversion, spec.clusterIP is authoritative and
    /// spec.clusterIPs fills in when only it is set.
    /// </summary>
    static string ClusterIp(JsonObject? spec) =>
        spec.TextAt("clusterIP") is { Length: > 0 } ip ? ip : spec.StringsAt("clusterIPs").FirstOrDefault("");

    /// <summary>"80/TCP,443:30443/TCP": port[:nodePort]/protocol for each port.</summary>
    static string Ports(JsonObject? spec) => string.Join(",", spec.ArrayAt("ports").Select(port =>
    {
        var number = port.IntegerAt("port").GetValueOrDefault();
        var protocol = port.TextAt("protocol");
        return port.IntegerAt("nodePort") is > 0 and var nodePort ? $"{number}:{nodePort}/{protocol}" : $"{number}/{protocol}";
    }));

    /// <summary>The printers' <c>getServiceExternalIP</c>, rendered wide (never truncated) as the server always does.</summary>
    static string ExternalIp(JsonObject service)
    {
        var spec = service.ObjectAt("spec");
        var externalIps = spec.StringsAt("externalIPs");
        switch (spec.TextAt("type"))
        {
            case "ClusterIP":
            case "NodePort":
                return externalIps.Count > 0 ? string.Join(",", externalIps) : "<none>";
            case "LoadBalancer":
                var ingress = LoadBalancerIngress(service);
                if (externalIps.Count > 0) return string.Join(",", ingress.Concat(externalIps));
                return ingress.Count > 0 ? string.Join(",", ingress) : "<pending>";
            case "ExternalName":
                return spec.TextAt("externalName");
            default:
                return "<unknown>";
        }
    }

    /// <summary>Distinct load-balancer ingress IPs (or hostnames when no IP), sorted as a Go string set lists them.</summary>
    static IReadOnlyList<string> LoadBalancerIngress(JsonObject service) =>
        service.ArrayAt("status", "loadBalancer", "ingress")
            .Select(i => i.TextAt("ip") is { Length: > 0 } ip ? ip : i.TextAt("hostname"))
            .Where(s => s.Length > 0)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();
}
