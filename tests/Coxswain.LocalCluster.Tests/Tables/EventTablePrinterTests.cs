using Coxswain.LocalCluster.Tables;
using static Coxswain.LocalCluster.Tests.Tables.TableTestSupport;

namespace Coxswain.LocalCluster.Tests.Tables;

public class EventTablePrinterTests
{
    static readonly ITablePrinter CoreEvents = TablePrinters.For("", "events");
    static readonly ITablePrinter EventsV1 = TablePrinters.For("events.k8s.io", "events");

    [Fact]
    public void Both_event_apis_share_kubectls_columns()
    {
        const string expected = "Last Seen|Type|Reason|Object|Subobject|Source|Message|First Seen|Count|Name";
        Assert.Equal(expected, ColumnNames(CoreEvents));
        Assert.Equal(expected, ColumnNames(EventsV1));
        Assert.Equal([0, 0, 0, 0, 1, 1, 0, 1, 1, 1], CoreEvents.Columns.Select(c => c.Priority));
        Assert.Equal("name", CoreEvents.Columns[^1].Format);
    }

    [Fact]
    public void Core_event_snapshot()
    {
        var ev = $$$$"""
            {"apiVersion":"v1","kind":"Event",
             "metadata":{"name":"web-0.17c8e5a1b2c3d4e5","namespace":"default","creationTimestamp":"{{{{Ago(TimeSpan.FromMinutes(10))}}}}"},
             "involvedObject":{"kind":"Pod","namespace":"default","name":"web-0","uid":"0b5c","apiVersion":"v1","fieldPath":"spec.containers{app}"},
             "reason":"BackOff","message":"Back-off restarting failed container app in pod web-0_default(0b5c)\n","type":"Warning",
             "source":{"component":"kubelet","host":"kind-worker"},
             "firstTimestamp":"{{{{Ago(TimeSpan.FromMinutes(10))}}}}","lastTimestamp":"{{{{Ago(TimeSpan.FromSeconds(45))}}}}","count":12}
            """;
        Assert.Equal(
            """["45s","Warning","BackOff","pod/web-0","spec.containers{app}","kubelet, kind-worker","Back-off restarting failed container app in pod web-0_default(0b5c)","10m",12,"web-0.17c8e5a1b2c3d4e5"]""",
            Cells(CoreEvents, ev));
    }

    [Fact]
    public void New_style_core_event_uses_event_time_series_and_reporting_controller()
    {
        var ev = $$$$"""
            {"metadata":{"name":"e1"},"involvedObject":{"kind":"Node"},"type":"Normal","reason":"RegisteredNode","message":"Node registered",
             "eventTime":"{{{{Ago(TimeSpan.FromMinutes(30))}}}}","reportingComponent":"node-controller","reportingInstance":"",
             "series":{"count":4,"lastObservedTime":"{{{{Ago(TimeSpan.FromMinutes(2))}}}}"}}
            """;
        Assert.Equal("""["2m","Normal","RegisteredNode","node","","node-controller","Node registered","30m",4,"e1"]""", Cells(CoreEvents, ev));
    }

    [Fact]
    public void Singleton_event_counts_once_and_last_seen_falls_back_to_first_seen()
    {
        var ev = $$$$"""{"metadata":{"name":"e2"},"involvedObject":{"kind":"Pod","name":"p"},"firstTimestamp":"{{{{Ago(TimeSpan.FromMinutes(7))}}}}"}""";
        Assert.Equal("7m", Cell(CoreEvents, ev, "Last Seen"));
        Assert.Equal("1", Cell(CoreEvents, ev, "Count"));
    }

    [Fact]
    public void Event_without_any_timestamp_is_unknown()
    {
        Assert.Equal("<unknown>", Cell(CoreEvents, """{"metadata":{"name":"e3"}}""", "Last Seen"));
    }

    [Fact]
    public void Events_k8s_io_event_maps_renamed_fields()
    {
        var ev = $$$$"""
            {"apiVersion":"events.k8s.io/v1","kind":"Event",
             "metadata":{"name":"web.17c8","namespace":"default","creationTimestamp":"{{{{Ago(TimeSpan.FromMinutes(5))}}}}"},
             "eventTime":"{{{{Ago(TimeSpan.FromMinutes(5))}}}}","reportingController":"deployment-controller","reportingInstance":"kube-controller-manager-1",
             "action":"Scale","reason":"ScalingReplicaSet","regarding":{"kind":"Deployment","namespace":"default","name":"web","apiVersion":"apps/v1"},
             "note":"Scaled up replica set web-7d4b9 to 3","type":"Normal","deprecatedCount":2,"deprecatedLastTimestamp":"{{{{Ago(TimeSpan.FromMinutes(1))}}}}"}
            """;
        Assert.Equal(
            """["60s","Normal","ScalingReplicaSet","deployment/web","","deployment-controller, kube-controller-manager-1","Scaled up replica set web-7d4b9 to 3","5m",2,"web.17c8"]""",
            Cells(EventsV1, ev));
    }
}
