using Coxswain.LocalCluster.Tables;
using static Coxswain.LocalCluster.Tests.Tables.TableTestSupport;

namespace Coxswain.LocalCluster.Tests.Tables;

public class WorkloadTablePrinterTests
{
    static readonly string Created = Ago(TimeSpan.FromDays(12));

    const string Template = """
        {"metadata":{"labels":{"app":"web"}},
         "spec":{"nodeSelector":{"kubernetes.io/os":"linux"},
                 "containers":[{"name":"nginx","image":"nginx:1.27"},{"name":"exporter","image":"nginx/nginx-prometheus-exporter:1.1"}]}}
        """;

    const string Selector = """{"matchLabels":{"app":"web"},"matchExpressions":[{"key":"tier","operator":"In","values":["fe","be"]},{"key":"canary","operator":"DoesNotExist"}]}""";

    static string Workload(string kind, string spec, string status) => $$$$"""
        {"apiVersion":"apps/v1","kind":"{{{{kind}}}}","metadata":{"name":"web","namespace":"default","generation":3,"creationTimestamp":"{{{{Created}}}}"},
         "spec":{{{{spec}}}},"status":{{{{status}}}}}
        """;

    [Fact]
    public void Deployment_snapshot()
    {
        var printer = TablePrinters.For("apps", "deployments");
        var deployment = Workload("Deployment",
            $$$$"""{"replicas":3,"selector":{{{{Selector}}}},"template":{{{{Template}}}}}""",
            """{"observedGeneration":3,"replicas":3,"updatedReplicas":2,"readyReplicas":1,"availableReplicas":1,"unavailableReplicas":2}""");
        Assert.Equal("Name|Ready|Up-to-date|Available|Age|Containers|Images|Selector", ColumnNames(printer));
        Assert.Equal("""["web","1/3",2,1,"12d","nginx,exporter","nginx:1.27,nginx/nginx-prometheus-exporter:1.1","app=web,!canary,tier in (be,fe)"]""",
            Cells(printer, deployment));
    }

    [Fact]
    public void Deployment_without_status_or_selector()
    {
        var printer = TablePrinters.For("apps", "deployments");
        Assert.Equal("""["web","0/2",0,0,"12d","","",""]""", Cells(printer, Workload("Deployment", """{"replicas":2}""", "{}")));
    }

    [Fact]
    public void ReplicaSet_snapshot()
    {
        var printer = TablePrinters.For("apps", "replicasets");
        var replicaSet = Workload("ReplicaSet",
            $$$$"""{"replicas":3,"selector":{"matchLabels":{"app":"web","pod-template-hash":"7d4b9c"}},"template":{{{{Template}}}}}""",
            """{"replicas":3,"fullyLabeledReplicas":3,"readyReplicas":2,"availableReplicas":2}""");
        Assert.Equal("Name|Desired|Current|Ready|Age|Containers|Images|Selector", ColumnNames(printer));
        Assert.Equal("""["web",3,3,2,"12d","nginx,exporter","nginx:1.27,nginx/nginx-prometheus-exporter:1.1","app=web,pod-template-hash=7d4b9c"]""",
            Cells(printer, replicaSet));
    }

    [Fact]
    public void DaemonSet_snapshot()
    {
        var printer = TablePrinters.For("apps", "daemonsets");
        var daemonSet = Workload("DaemonSet",
            $$$$"""{"selector":{"matchLabels":{"app":"web"}},"template":{{{{Template}}}}}""",
            """{"desiredNumberScheduled":4,"currentNumberScheduled":4,"numberReady":3,"updatedNumberScheduled":4,"numberAvailable":3,"numberMisscheduled":0}""");
        Assert.Equal("Name|Desired|Current|Ready|Up-to-date|Available|Node Selector|Age|Containers|Images|Selector", ColumnNames(printer));
        Assert.Equal("""["web",4,4,3,4,3,"kubernetes.io/os=linux","12d","nginx,exporter","nginx:1.27,nginx/nginx-prometheus-exporter:1.1","app=web"]""",
            Cells(printer, daemonSet));
    }

    [Fact]
    public void StatefulSet_snapshot()
    {
        var printer = TablePrinters.For("apps", "statefulsets");
        var statefulSet = Workload("StatefulSet",
            $$$$"""{"replicas":3,"serviceName":"web","selector":{"matchLabels":{"app":"web"}},"template":{{{{Template}}}}}""",
            """{"replicas":3,"readyReplicas":2,"currentReplicas":3,"updatedReplicas":3}""");
        Assert.Equal("Name|Ready|Age|Containers|Images", ColumnNames(printer));
        Assert.Equal("""["web","2/3","12d","nginx,exporter","nginx:1.27,nginx/nginx-prometheus-exporter:1.1"]""", Cells(printer, statefulSet));
    }

    [Fact]
    public void ControllerRevision_names_its_controller_with_group()
    {
        var printer = TablePrinters.For("apps", "controllerrevisions");
        var revision = $$$$"""
            {"apiVersion":"apps/v1","kind":"ControllerRevision",
             "metadata":{"name":"web-5d8f7b9c4","namespace":"default","creationTimestamp":"{{{{Created}}}}",
                         "ownerReferences":[{"apiVersion":"v1","kind":"ConfigMap","name":"other","uid":"1"},
                                            {"apiVersion":"apps/v1","kind":"StatefulSet","name":"web","uid":"2","controller":true,"blockOwnerDeletion":true}]},
             "data":{"spec":{}},"revision":2}
            """;
        Assert.Equal("Name|Controller|Revision|Age", ColumnNames(printer));
        Assert.Equal("""["web-5d8f7b9c4","statefulset.apps/web",2,"12d"]""", Cells(printer, revision));
    }

    [Theory]
    [InlineData("""[]""", "<none>")]
    [InlineData("""[{"apiVersion":"v1","kind":"Pod","name":"p","uid":"1","controller":true}]""", "pod/p")]
    [InlineData("""[{"apiVersion":"apps.kruise.io/v1beta1","kind":"StatefulSet","name":"asts","uid":"1","controller":true}]""", "statefulset.apps.kruise.io/asts")]
    public void ControllerRevision_controller_cell(string owners, string expected)
    {
        var printer = TablePrinters.For("apps", "controllerrevisions");
        var revision = $$$$"""{"metadata":{"name":"r","ownerReferences":{{{{owners}}}}},"revision":1}""";
        Assert.Equal(expected, Cell(printer, revision, "Controller"));
    }
}
