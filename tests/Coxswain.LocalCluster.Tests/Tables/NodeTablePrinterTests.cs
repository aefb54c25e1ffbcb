using Coxswain.LocalCluster.Tables;
using static Coxswain.LocalCluster.Tests.Tables.TableTestSupport;

namespace Coxswain.LocalCluster.Tests.Tables;

public class NodeTablePrinterTests
{
    static readonly ITablePrinter Nodes = TablePrinters.For("", "nodes");

    [Fact]
    public void Columns_are_kubectls()
    {
        Assert.Equal("Name|Status|Roles|Age|Version|Internal-IP|External-IP|OS-Image|Kernel-Version|Container-Runtime", ColumnNames(Nodes));
        Assert.Equal(5, Nodes.Columns.Count(c => c.Priority == 1));
    }

    [Fact]
    public void Ready_control_plane_node_snapshot()
    {
        var node = $$$$"""
            {"apiVersion":"v1","kind":"Node",
             "metadata":{"name":"kind-control-plane","creationTimestamp":"{{{{Ago(TimeSpan.FromDays(3) + TimeSpan.FromHours(2))}}}}",
                         "labels":{"kubernetes.io/hostname":"kind-control-plane","node-role.kubernetes.io/control-plane":"","node.kubernetes.io/exclude-from-external-load-balancers":""}},
             "spec":{"podCIDR":"10.244.0.0/24"},
             "status":{"conditions":[{"type":"MemoryPressure","status":"False"},{"type":"Ready","status":"True","reason":"KubeletReady"}],
                       "addresses":[{"type":"InternalIP","address":"172.18.0.2"},{"type":"Hostname","address":"kind-control-plane"}],
                       "nodeInfo":{"kubeletVersion":"v1.31.0","osImage":"Debian GNU/Linux 12 (bookworm)","kernelVersion":"6.8.0-45-generic","containerRuntimeVersion":"containerd://1.7.18"}}}
            """;
        Assert.Equal("""["kind-control-plane","Ready","control-plane","3d2h","v1.31.0","172.18.0.2","<none>","Debian GNU/Linux 12 (bookworm)","6.8.0-45-generic","containerd://1.7.18"]""",
            Cells(Nodes, node));
    }

    [Theory]
    [InlineData("""[{"type":"Ready","status":"False"}]""", false, "NotReady")]
    [InlineData("""[{"type":"Ready","status":"Unknown"}]""", true, "NotReady,SchedulingDisabled")]
    [InlineData("""[{"type":"Ready","status":"True"}]""", true, "Ready,SchedulingDisabled")]
    [InlineData("""[]""", false, "Unknown")]
    public void Status_combines_readiness_and_cordon(string conditions, bool unschedulable, string expected)
    {
        var cordon = unschedulable ? "true" : "false";
        var node = $$$$"""{"metadata":{"name":"n1"},"spec":{"unschedulable":{{{{cordon}}}}},"status":{"conditions":{{{{conditions}}}}}}""";
        Assert.Equal(expected, Cell(Nodes, node, "Status"));
    }

    [Fact]
    public void Roles_come_sorted_from_both_label_styles_and_wide_cells_default()
    {
        var node = """
            {"metadata":{"name":"n1","labels":{"node-role.kubernetes.io/worker":"","kubernetes.io/role":"edge","node-role.kubernetes.io/":"x"}},
             "status":{"addresses":[{"type":"ExternalIP","address":"203.0.113.9"}]}}
            """;
        Assert.Equal("""["n1","Unknown","edge,worker","<unknown>","","<none>","203.0.113.9","<unknown>","<unknown>","<unknown>"]""", Cells(Nodes, node));
    }
}
