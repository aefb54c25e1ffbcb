using Coxswain.LocalCluster.Tables;
using static Coxswain.LocalCluster.Tests.Tables.TableTestSupport;

namespace Coxswain.LocalCluster.Tests.Tables;

public class EndpointTablePrinterTests
{
    static readonly ITablePrinter Endpoints = TablePrinters.For("", "endpoints");
    static readonly ITablePrinter Slices = TablePrinters.For("discovery.k8s.io", "endpointslices");

    [Fact]
    public void Endpoints_join_addresses_with_ports()
    {
        var ep = $$$$"""
            {"apiVersion":"v1","kind":"Endpoints","metadata":{"name":"web","namespace":"default","creationTimestamp":"{{{{Ago(TimeSpan.FromMinutes(90))}}}}"},
             "subsets":[{"addresses":[{"ip":"10.244.1.5"},{"ip":"fd00::5"}],"notReadyAddresses":[{"ip":"10.244.1.9"}],"ports":[{"name":"http","port":8080,"protocol":"TCP"}]}]}
            """;
        Assert.Equal("Name|Endpoints|Age", ColumnNames(Endpoints));
        Assert.Equal("""["web","10.244.1.5:8080,[fd00::5]:8080","90m"]""", Cells(Endpoints, ep));
    }

    [Fact]
    public void Endpoints_beyond_three_are_summarised()
    {
        var ep = """
            {"metadata":{"name":"web"},"subsets":[
              {"addresses":[{"ip":"10.0.0.1"},{"ip":"10.0.0.2"}],"ports":[{"port":80},{"port":443}]},
              {"addresses":[{"ip":"10.0.0.3"}]}]}
            """;
        Assert.Equal("10.0.0.1:80,10.0.0.2:80,10.0.0.1:443 + 2 more...", Cell(Endpoints, ep, "Endpoints"));
    }

    [Fact]
    public void Endpoints_without_subsets_show_none()
    {
        Assert.Equal("<none>", Cell(Endpoints, """{"metadata":{"name":"web"}}""", "Endpoints"));
        Assert.Equal("10.0.0.1", Cell(Endpoints, """{"metadata":{"name":"web"},"subsets":[{"addresses":[{"ip":"10.0.0.1"}]}]}""", "Endpoints"));
    }

    [Fact]
    public void Endpoint_slice_snapshot()
    {
        var slice = $$$$"""
            {"apiVersion":"discovery.k8s.io/v1","kind":"EndpointSlice",
             "metadata":{"name":"web-x7k2p","namespace":"default","creationTimestamp":"{{{{Ago(TimeSpan.FromMinutes(3))}}}}","labels":{"kubernetes.io/service-name":"web"}},
             "addressType":"IPv4",
             "ports":[{"name":"http","port":8080,"protocol":"TCP"},{"name":"metrics","protocol":"TCP"},{"protocol":"TCP"}],
             "endpoints":[{"addresses":["10.244.1.5"],"conditions":{"ready":true}},{"addresses":["10.244.2.6"]},{"addresses":["10.244.3.7","10.244.3.8"]}]}
            """;
        Assert.Equal("Name|AddressType|Ports|Endpoints|Age", ColumnNames(Slices));
        Assert.Equal("""["web-x7k2p","IPv4","8080,metrics,*","10.244.1.5,10.244.2.6,10.244.3.7 + 1 more...","3m"]""", Cells(Slices, slice));
    }

    [Fact]
    public void Empty_endpoint_slice_is_unset()
    {
        Assert.Equal("""["empty","IPv6","<unset>","<unset>","<unknown>"]""", Cells(Slices, """{"metadata":{"name":"empty"},"addressType":"IPv6"}"""));
    }
}
