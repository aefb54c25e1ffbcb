using Coxswain.LocalCluster.Tables;
using static Coxswain.LocalCluster.Tests.Tables.TableTestSupport;

namespace Coxswain.LocalCluster.Tests.Tables;

/// <summary>Resources whose rows are a name, a count or a single field, and an age.</summary>
public class SimpleResourceTablePrinterTests
{
    static readonly string Created = Ago(TimeSpan.FromMinutes(150));

    [Fact]
    public void Namespace_snapshot()
    {
        var printer = TablePrinters.For("", "namespaces");
        Assert.Equal("Name|Status|Age", ColumnNames(printer));
        Assert.Equal("""["kube-system","Active","150m"]""",
            Cells(printer, $$$$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"kube-system","creationTimestamp":"{{{{Created}}}}"},"spec":{"finalizers":["kubernetes"]},"status":{"phase":"Active"}}"""));
        Assert.Equal("Terminating", Cell(printer, """{"metadata":{"name":"x"},"status":{"phase":"Terminating"}}""", "Status"));
    }

    [Fact]
    public void ConfigMap_counts_data_and_binary_data()
    {
        var printer = TablePrinters.For("", "configmaps");
        Assert.Equal("Name|Data|Age", ColumnNames(printer));
        Assert.Equal("""["kube-root-ca.crt",3,"150m"]""",
            Cells(printer, $$$$"""{"metadata":{"name":"kube-root-ca.crt","creationTimestamp":"{{{{Created}}}}"},"data":{"ca.crt":"...","b":"x"},"binaryData":{"c":"AAEC"}}"""));
    }

    [Fact]
    public void Secret_snapshot()
    {
        var printer = TablePrinters.For("", "secrets");
        Assert.Equal("Name|Type|Data|Age", ColumnNames(printer));
        Assert.Equal("""["web-tls","kubernetes.io/tls",2,"150m"]""",
            Cells(printer, $$$$"""{"metadata":{"name":"web-tls","creationTimestamp":"{{{{Created}}}}"},"type":"kubernetes.io/tls","data":{"tls.crt":"Y2VydA==","tls.key":"a2V5"}}"""));
    }

    [Fact]
    public void ServiceAccount_counts_secrets()
    {
        var printer = TablePrinters.For("", "serviceaccounts");
        Assert.Equal("Name|Secrets|Age", ColumnNames(printer));
        Assert.Equal("""["default",0,"150m"]""", Cells(printer, $$$$"""{"metadata":{"name":"default","creationTimestamp":"{{{{Created}}}}"}}"""));
        Assert.Equal("1", Cell(printer, """{"metadata":{"name":"builder"},"secrets":[{"name":"builder-token"}]}""", "Secrets"));
    }

    [Fact]
    public void Lease_shows_holder()
    {
        var printer = TablePrinters.For("coordination.k8s.io", "leases");
        Assert.Equal("Name|Holder|Age", ColumnNames(printer));
        Assert.Equal("""["kube-controller-manager","kind-control-plane_8f2c","150m"]""",
            Cells(printer, $$$$"""{"metadata":{"name":"kube-controller-manager","creationTimestamp":"{{{{Created}}}}"},"spec":{"holderIdentity":"kind-control-plane_8f2c","leaseDurationSeconds":15}}"""));
        Assert.Equal("", Cell(printer, """{"metadata":{"name":"free"},"spec":{}}""", "Holder"));
    }

    [Theory]
    [InlineData("mutatingwebhookconfigurations")]
    [InlineData("validatingwebhookconfigurations")]
    public void Webhook_configurations_count_webhooks(string resource)
    {
        var printer = TablePrinters.For("admissionregistration.k8s.io", resource);
        Assert.Equal("Name|Webhooks|Age", ColumnNames(printer));
        Assert.Equal("integer", printer.Columns[1].Type);
        Assert.Equal("""["kruise-webhook",2,"150m"]""",
            Cells(printer, $$$$"""{"metadata":{"name":"kruise-webhook","creationTimestamp":"{{{{Created}}}}"},"webhooks":[{"name":"a.kruise.io"},{"name":"b.kruise.io"}]}"""));
    }

    [Fact]
    public void CustomResourceDefinitions_use_the_default_name_and_created_at_columns()
    {
        var printer = TablePrinters.For("apiextensions.k8s.io", "customresourcedefinitions");
        Assert.Same(DefaultTablePrinter.Instance, printer);
        Assert.Equal("Name|Created At", ColumnNames(printer));
        Assert.Equal("date", printer.Columns[1].Type);
        Assert.Equal("""["clonesets.apps.kruise.io","2024-05-01T09:30:00Z"]""",
            Cells(printer, """{"metadata":{"name":"clonesets.apps.kruise.io","creationTimestamp":"2024-05-01T11:30:00+02:00"}}"""));
        Assert.Equal("""["x","0001-01-01T00:00:00Z"]""", Cells(printer, """{"metadata":{"name":"x"}}"""));
    }

    [Fact]
    public void Unknown_resources_get_the_default_printer()
    {
        Assert.Same(DefaultTablePrinter.Instance, TablePrinters.For("example.com", "widgets"));
        Assert.Same(DefaultTablePrinter.Instance, TablePrinters.For("batch", "jobs"));
    }
}
