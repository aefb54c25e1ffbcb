using Coxswain.LocalCluster.Tables;
using static Coxswain.LocalCluster.Tests.Tables.TableTestSupport;

namespace Coxswain.LocalCluster.Tests.Tables;

public class ServiceTablePrinterTests
{
    static readonly ITablePrinter Services = TablePrinters.For("", "services");

    static string Service(string spec, string status = "{}") => $$$$"""
        {"apiVersion":"v1","kind":"Service","metadata":{"name":"web","namespace":"default","creationTimestamp":"{{{{Ago(TimeSpan.FromHours(26))}}}}"},
         "spec":{{{{spec}}}},"status":{{{{status}}}}}
        """;

    [Fact]
    public void Columns_are_kubectls() =>
        Assert.Equal("Name|Type|Cluster-IP|External-IP|Port(s)|Age|Selector", ColumnNames(Services));

    [Fact]
    public void Cluster_ip_service_snapshot()
    {
        var svc = Service("""
            {"type":"ClusterIP","clusterIP":"10.96.12.34","clusterIPs":["10.96.12.34"],"selector":{"tier":"frontend","app":"web"},
             "ports":[{"name":"http","port":80,"targetPort":8080,"protocol":"TCP"},{"name":"dns","port":53,"protocol":"UDP"}]}
            """);
        Assert.Equal("""["web","ClusterIP","10.96.12.34","<none>","80/TCP,53/UDP","26h","app=web,tier=frontend"]""", Cells(Services, svc));
    }

    [Fact]
    public void Node_port_service_shows_node_ports_and_external_ips()
    {
        var svc = Service("""
            {"type":"NodePort","clusterIPs":["10.96.0.20"],"externalIPs":["198.51.100.7","198.51.100.8"],
             "ports":[{"port":80,"nodePort":30080,"protocol":"TCP"},{"port":443,"nodePort":30443,"protocol":"TCP"}]}
            """);
        Assert.Equal("""["web","NodePort","10.96.0.20","198.51.100.7,198.51.100.8","80:30080/TCP,443:30443/TCP","26h","<none>"]""", Cells(Services, svc));
    }

    [Theory]
    [InlineData("{}", "<pending>")]
    [InlineData("""{"loadBalancer":{"ingress":[{"ip":"203.0.113.10"},{"hostname":"lb.example.com"},{"ip":"203.0.113.10"}]}}""", "203.0.113.10,lb.example.com")]
    public void Load_balancer_external_ip_comes_from_ingress(string status, string expected)
    {
        var svc = Service("""{"type":"LoadBalancer","clusterIP":"10.96.0.30","ports":[{"port":443,"nodePort":31443,"protocol":"TCP"}]}""", status);
        Assert.Equal(expected, Cell(Services, svc, "External-IP"));
    }

    [Fact]
    public void Load_balancer_lists_ingress_before_external_ips_untruncated()
    {
        var svc = Service(
            """{"type":"LoadBalancer","clusterIP":"10.96.0.30","externalIPs":["198.51.100.1"]}""",
            """{"loadBalancer":{"ingress":[{"hostname":"a-very-long-load-balancer-name.elb.amazonaws.com"}]}}""");
        Assert.Equal("a-very-long-load-balancer-name.elb.amazonaws.com,198.51.100.1", Cell(Services, svc, "External-IP"));
    }

    [Fact]
    public void External_name_and_headless_services()
    {
        Assert.Equal("""["web","ExternalName","<none>","db.example.com","<none>","26h","<none>"]""",
            Cells(Services, Service("""{"type":"ExternalName","externalName":"db.example.com"}""")));
        Assert.Equal("None", Cell(Services, Service("""{"type":"ClusterIP","clusterIP":"None","clusterIPs":["None"]}"""), "Cluster-IP"));
    }
}
