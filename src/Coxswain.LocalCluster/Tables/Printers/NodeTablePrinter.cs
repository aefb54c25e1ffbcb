using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>kubectl's node columns: NAME STATUS ROLES AGE VERSION, wide INTERNAL-IP EXTERNAL-IP OS-IMAGE KERNEL-VERSION CONTAINER-RUNTIME.</summary>
internal sealed class NodeTablePrinter : ITablePrinter
{
    public static readonly NodeTablePrinter Instance = new();

    const string AddressesDescription =
        "List of addresses reachable to the node. Queried from cloud provider, if available. More info: https://kubernetes.io/docs/reference/node/node-status/#addresses Note: This field is declared as mergeable, but the merge key is not sufficiently unique, which can cause data corruption when it is merged. Callers should instead use a full-replacement patch. See https://pr.k8s.io/79391 for an example. Consumers should assume that addresses can change during the lifetime of a Node. However, there are some exceptions where this may not be possible, such as Pods that inherit a Node's address in its own status or consumers of the downward API (status.hostIP).";

    // Role labels: node-role.kubernetes.io/<role>="" and the older kubernetes.io/role=<role>.
    const string RoleLabelPrefix = "node-role.kubernetes.io/";
    const string RoleLabel = "kubernetes.io/role";

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        CommonColumns.Name,
        new("Status", "string", "The status of the node"),
        new("Roles", "string", "The roles of the node"),
        CommonColumns.Age,
        new("Version", "string", "Kubelet Version reported by the node."),
        new("Internal-IP", "string", AddressesDescription, Priority: 1),
        new("External-IP", "string", AddressesDescription, Priority: 1),
        new("OS-Image", "string", "OS Image reported by the node from /etc/os-release (e.g. Debian GNU/Linux 7 (wheezy)).", Priority: 1),
        new("Kernel-Version", "string", "Kernel Version reported by the node from 'uname -r' (e.g. 3.16.0-0.bpo.4-amd64).", Priority: 1),
        new("Container-Runtime", "string", "ContainerRuntime Version reported by the node through runtime remote API (e.g. containerd://1.4.2).", Priority: 1),
    ];

    public PrintedRow PrintRow(JsonObject obj, DateTimeOffset now)
    {
        var roles = string.Join(",", Roles(obj));
        var nodeInfo = obj.ObjectAt("status", "nodeInfo");
        return new PrintedRow(
            CommonColumns.NameOf(obj),
            Status(obj),
            roles.Length == 0 ? "<none>" : roles,
            CommonColumns.AgeOf(obj, now),
            nodeInfo.TextAt("kubeletVersion"),
            Address(obj, "InternalIP"),
            Address(obj, "ExternalIP"),
            OrUnknown(nodeInfo.TextAt("osImage")),
            OrUnknown(nodeInfo.TextAt("kernelVersion")),
            OrUnknown(nodeInfo.TextAt("containerRuntimeVersion")));
    }

    /// <summary>"Ready", "NotReady" or "Unknown" from the Ready condition, plus ",SchedulingDisabled" when cordoned.</summary>
    static string Status(JsonObject node)
    {
        // The last condition of a type wins, as the printer indexes conditions in a map.
        var ready = node.ArrayAt("status", "conditions").LastOrDefault(c => c.TextAt("type") == "Ready");
        var status = ready is null ? "Unknown" : ready.TextAt("status") == "True" ? "Ready" : "NotReady";
        return node.BoolAt("spec", "unschedulable") == true ? status + ",SchedulingDisabled" : status;
    }

    static IEnumerable<string> Roles(JsonObject node)
    {
        var roles = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in node.StringMapAt("metadata", "labels"))
        {
            if (key.StartsWith(RoleLabelPrefix, StringComparison.Ordinal))
            {
                if (key.Length > RoleLabelPrefix.Length) roles.Add(key[RoleLabelPrefix.Length..]);
            }
            else if (key == RoleLabel && value.Length > 0)
            {
                roles.Add(value);
            }
        }
        return roles;
    }

    static string Address(JsonObject node, string type) =>
        node.ArrayAt("status", "addresses").FirstOrDefault(a => a.TextAt("type") == type) is { } address
            ? address.TextAt("address")
            : "<none>";

    static string OrUnknown(string value) => value.Length == 0 ? "<unknown>" : value;
}
