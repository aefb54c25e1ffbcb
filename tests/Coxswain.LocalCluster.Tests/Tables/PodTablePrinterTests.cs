using Coxswain.LocalCluster.Tables;
using static Coxswain.LocalCluster.Tests.Tables.TableTestSupport;

namespace Coxswain.LocalCluster.Tests.Tables;

public class PodTablePrinterTests
{
    static readonly ITablePrinter Pods = TablePrinters.For("", "pods");

    /// <summary>A pod with the given spec and status fragments, created 5 minutes before <see cref="TableTestSupport.Now"/>.</summary>
    static string Pod(string spec = """{"containers":[{"name":"app","image":"nginx:1.27"}]}""", string status = "{}", string extraMetadata = "") => $$$$"""
        {"apiVersion":"v1","kind":"Pod",
         "metadata":{"name":"web-0","namespace":"default","uid":"0b5c","resourceVersion":"42","creationTimestamp":"{{{{Ago(TimeSpan.FromMinutes(5))}}}}"{{{{extraMetadata}}}}},
         "spec":{{{{spec}}}},
         "status":{{{{status}}}}}
        """;

    static string Cell(string podJson, int index) => TableTestSupport.Cell(Pods, podJson, Pods.Columns[index].Name);

    [Fact]
    public void Columns_are_kubectls_including_wide_ones()
    {
        Assert.Equal("Name|Ready|Status|Restarts|Age|IP|Node|Nominated Node|Readiness Gates", ColumnNames(Pods));
        Assert.Equal([0, 0, 0, 0, 0, 1, 1, 1, 1], Pods.Columns.Select(c => c.Priority));
        Assert.Equal("name", Pods.Columns[0].Format);
    }

    [Fact]
    public void Running_pod_snapshot()
    {
        var pod = Pod(
            spec: """{"nodeName":"kind-worker","containers":[{"name":"app","image":"nginx:1.27"}]}""",
            status: $$$$"""
                {"phase":"Running","podIP":"10.244.1.7","podIPs":[{"ip":"10.244.1.7"}],"startTime":"{{{{Ago(TimeSpan.FromMinutes(5))}}}}",
                 "conditions":[{"type":"Initialized","status":"True"},{"type":"Ready","status":"True"},{"type":"PodScheduled","status":"True"}],
                 "containerStatuses":[{"name":"app","ready":true,"started":true,"restartCount":0,"image":"nginx:1.27",
                                       "state":{"running":{"startedAt":"{{{{Ago(TimeSpan.FromMinutes(4))}}}}"}}}]}
                """);
        Assert.Equal("""["web-0","1/1","Running","0","5m","10.244.1.7","kind-worker","<none>","<none>"]""", Cells(Pods, pod));
        Assert.Null(Pods.PrintRow(ParseJson(pod), Now).Conditions);
    }

    [Fact]
    public void Unscheduled_pod_shows_phase_and_none_for_wide_cells()
    {
        var pod = Pod(status: """{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"Unschedulable"}]}""");
        Assert.Equal("""["web-0","0/1","Pending","0","5m","<none>","<none>","<none>","<none>"]""", Cells(Pods, pod));
    }

    [Fact]
    public void Scheduling_gated_pod_says_so()
    {
        var pod = Pod(status: """{"phase":"Pending","conditions":[{"type":"PodScheduled","status":"False","reason":"SchedulingGated"}]}""");
        Assert.Equal("SchedulingGated", Cell(pod, 2));
    }

    [Theory]
    [InlineData("""{"waiting":{"reason":"ContainerCreating"}}""", "ContainerCreating")]
    [InlineData("""{"waiting":{"reason":"ErrImagePull","message":"pull failed"}}""", "ErrImagePull")]
    [InlineData("""{"waiting":{"reason":"ImagePullBackOff"}}""", "ImagePullBackOff")]
    [InlineData("""{"waiting":{}}""", "Pending")]
    [InlineData("""{"terminated":{"exitCode":1,"reason":"Error"}}""", "Error")]
    [InlineData("""{"terminated":{"exitCode":137}}""", "ExitCode:137")]
    [InlineData("""{"terminated":{"exitCode":0,"signal":9}}""", "Signal:9")]
    public void Container_state_becomes_the_status(string state, string expected)
    {
        var pod = Pod(status: $$$$"""{"phase":"Pending","containerStatuses":[{"name":"app","ready":false,"restartCount":0,"state":{{{{state}}}}}]}""");
        Assert.Equal(expected, Cell(pod, 2));
    }

    [Fact]
    public void Crash_looping_pod_shows_restarts_with_time_of_last_restart()
    {
        var pod = Pod(status: $$$$"""
            {"phase":"Running","conditions":[{"type":"Ready","status":"False"}],
             "containerStatuses":[{"name":"app","ready":false,"restartCount":3,
               "state":{"waiting":{"reason":"CrashLoopBackOff","message":"back-off 40s restarting failed container"}},
               "lastState":{"terminated":{"exitCode":1,"reason":"Error","startedAt":"{{{{Ago(TimeSpan.FromMinutes(6))}}}}","finishedAt":"{{{{Ago(TimeSpan.FromSeconds(200))}}}}"}}}]}
            """);
        Assert.Equal("""["web-0","0/1","CrashLoopBackOff","3 (3m20s ago)","5m"]""", NarrowCells(Pods, pod));
    }

    [Fact]
    public void Restarts_take_the_latest_finish_across_containers()
    {
        var pod = Pod(
            spec: """{"containers":[{"name":"a","image":"x"},{"name":"b","image":"y"}]}""",
            status: $$$$"""
                {"phase":"Running","conditions":[{"type":"Ready","status":"True"}],
                 "containerStatuses":[
                   {"name":"a","ready":true,"restartCount":1,"state":{"running":{}},"lastState":{"terminated":{"exitCode":1,"finishedAt":"{{{{Ago(TimeSpan.FromHours(2))}}}}"}}},
                   {"name":"b","ready":true,"restartCount":2,"state":{"running":{}},"lastState":{"terminated":{"exitCode":1,"finishedAt":"{{{{Ago(TimeSpan.FromMinutes(1))}}}}"}}}]}
                """);
        Assert.Equal("2/2", Cell(pod, 1));
        Assert.Equal("Running", Cell(pod, 2));
        Assert.Equal("3 (60s ago)", Cell(pod, 3));
    }

    [Fact]
    public void Succeeded_pod_is_completed_with_a_row_condition()
    {
        var pod = Pod(status: """
            {"phase":"Succeeded","conditions":[{"type":"Ready","status":"False","reason":"PodCompleted"}],
             "containerStatuses":[{"name":"app","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}}]}
            """);
        Assert.Equal("Completed", Cell(pod, 2));
        Assert.Equal("""[{"type":"Completed","status":"True","reason":"Succeeded","message":"The pod has completed successfully."}]""",
            Pods.PrintRow(ParseJson(pod), Now).Conditions!.ToJsonString());
    }

    [Fact]
    public void Failed_pod_keeps_its_reason_and_row_condition()
    {
        var pod = Pod(status: """{"phase":"Failed","reason":"Evicted","message":"The node was low on resource: memory."}""");
        Assert.Equal("Evicted", Cell(pod, 2));
        Assert.Contains("\"reason\":\"Failed\"", Pods.PrintRow(ParseJson(pod), Now).Conditions!.ToJsonString());
    }

    [Theory]
    [InlineData("True", "Running")]
    [InlineData("False", "NotReady")]
    public void A_completed_container_next_to_a_running_one_is_not_completed(string ready, string expected)
    {
        var pod = Pod(
            spec: """{"containers":[{"name":"job","image":"x"},{"name":"proxy","image":"y"}]}""",
            status: $$$$"""
                {"phase":"Running","conditions":[{"type":"Ready","status":"{{{{ready}}}}"}],
                 "containerStatuses":[
                   {"name":"job","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}},
                   {"name":"proxy","ready":true,"restartCount":0,"state":{"running":{}}}]}
                """);
        Assert.Equal(expected, Cell(pod, 2));
        Assert.Equal("1/2", Cell(pod, 1));
    }

    const string TwoInitContainers =
        """{"initContainers":[{"name":"init-db","image":"busybox"},{"name":"init-cache","image":"busybox"}],"containers":[{"name":"app","image":"nginx"}]}""";

    [Theory]
    [InlineData("""[{"name":"init-db","ready":false,"restartCount":0,"state":{"running":{}}}]""", "Init:0/2")]
    [InlineData("""[{"name":"init-db","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":0,"reason":"Completed"}}},{"name":"init-cache","ready":false,"restartCount":0,"state":{"waiting":{"reason":"PodInitializing"}}}]""", "Init:1/2")]
    [InlineData("""[{"name":"init-db","ready":false,"restartCount":0,"state":{"waiting":{"reason":"ErrImagePull"}}}]""", "Init:ErrImagePull")]
    [InlineData("""[{"name":"init-db","ready":false,"restartCount":2,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}]""", "Init:CrashLoopBackOff")]
    [InlineData("""[{"name":"init-db","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":1,"reason":"Error"}}}]""", "Init:Error")]
    [InlineData("""[{"name":"init-db","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":2}}}]""", "Init:ExitCode:2")]
    // All reported init containers done: the app container's state decides.
    [InlineData("""[{"name":"init-db","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":0,"signal":15,"reason":""}}}]""", "PodInitializing")]
    [InlineData("""[{"name":"init-db","ready":false,"restartCount":0,"state":{"terminated":{"exitCode":143,"signal":15}}}]""", "Init:Signal:15")]
    public void Init_container_progress_is_the_status(string initStatuses, string expected)
    {
        var pod = Pod(spec: TwoInitContainers, status: $$$$"""
            {"phase":"Pending","conditions":[{"type":"Initialized","status":"False"}],"initContainerStatuses":{{{{initStatuses}}}},
             "containerStatuses":[{"name":"app","ready":false,"restartCount":0,"state":{"waiting":{"reason":"PodInitializing"}}}]}
            """);
        Assert.Equal(expected, Cell(pod, 2));
    }

    [Fact]
    public void Init_restarts_count_while_initializing()
    {
        var pod = Pod(spec: TwoInitContainers, status: """
            {"phase":"Pending","initContainerStatuses":[{"name":"init-db","ready":false,"restartCount":4,"state":{"waiting":{"reason":"CrashLoopBackOff"}}}],
             "containerStatuses":[{"name":"app","ready":false,"restartCount":0,"state":{"waiting":{"reason":"PodInitializing"}}}]}
            """);
        Assert.Equal("4", Cell(pod, 3));
    }

    [Fact]
    public void Started_sidecar_counts_as_ready_container_and_its_restarts_remain()
    {
        var pod = Pod(
            spec: """{"initContainers":[{"name":"istio-proxy","image":"proxyv2","restartPolicy":"Always"}],"containers":[{"name":"app","image":"nginx"}]}""",
            status: $$$$"""
                {"phase":"Running","conditions":[{"type":"Initialized","status":"True"},{"type":"Ready","status":"True"}],
                 "initContainerStatuses":[{"name":"istio-proxy","ready":true,"started":true,"restartCount":1,"state":{"running":{}},
                                           "lastState":{"terminated":{"exitCode":1,"finishedAt":"{{{{Ago(TimeSpan.FromMinutes(2))}}}}"}}}],
                 "containerStatuses":[{"name":"app","ready":true,"started":true,"restartCount":0,"state":{"running":{}}}]}
                """);
        Assert.Equal("""["web-0","2/2","Running","1 (2m ago)","5m"]""", NarrowCells(Pods, pod));
    }

    [Fact]
    public void Deleted_running_pod_is_terminating_but_a_finished_one_is_not()
    {
        var deleting = $",\"deletionTimestamp\":\"{Ago(TimeSpan.FromSeconds(10))}\",\"deletionGracePeriodSeconds\":30";
        Assert.Equal("Terminating", Cell(Pod(status: """{"phase":"Running"}""", extraMetadata: deleting), 2));
        Assert.Equal("Succeeded", Cell(Pod(status: """{"phase":"Succeeded"}""", extraMetadata: deleting), 2));
    }

    [Fact]
    public void Pod_on_a_lost_node_is_unknown_once_deleted()
    {
        var deleting = $",\"deletionTimestamp\":\"{Ago(TimeSpan.FromSeconds(10))}\"";
        Assert.Equal("NodeLost", Cell(Pod(status: """{"phase":"Running","reason":"NodeLost"}"""), 2));
        Assert.Equal("Unknown", Cell(Pod(status: """{"phase":"Running","reason":"NodeLost"}""", extraMetadata: deleting), 2));
    }

    [Fact]
    public void Readiness_gates_count_true_conditions()
    {
        var pod = Pod(
            spec: """{"containers":[{"name":"app","image":"x"}],"readinessGates":[{"conditionType":"example.com/lb-ready"},{"conditionType":"example.com/dns"}]}""",
            status: """{"phase":"Running","conditions":[{"type":"example.com/lb-ready","status":"True"},{"type":"example.com/dns","status":"False"}]}""");
        Assert.Equal("1/2", Cell(pod, 8));
    }

    [Fact]
    public void Pod_ip_prefers_status_podIP_over_podIPs()
    {
        Assert.Equal("fd00::7", Cell(Pod(status: """{"phase":"Running","podIPs":[{"ip":"fd00::7"},{"ip":"10.0.0.7"}]}"""), 5));
        Assert.Equal("10.0.0.9", Cell(Pod(status: """{"phase":"Running","podIP":"10.0.0.9","podIPs":[{"ip":"10.0.0.7"}]}"""), 5));
    }

    [Fact]
    public void Nominated_node_is_shown_when_set()
    {
        Assert.Equal("node-b", Cell(Pod(status: """{"phase":"Pending","nominatedNodeName":"node-b"}"""), 7));
    }
}
