using System.Collections.Concurrent;
using System.Diagnostics;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Controllers;
using Coxswain.Runtime.Observability;
using Coxswain.Runtime.Tests.Support;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Coxswain.Runtime.Tests.Controllers;

/// <summary>
/// The answers to seed 003's "Using tracing Spans" and "Reconciler infinite loop" diagnosis: every reconcile is an
/// activity and a log scope carrying object.ref and object.reason.
/// </summary>
public class ControllerObservabilityTests
{
    [Fact]
    public async Task Each_reconcile_is_an_activity_tagged_with_object_ref_and_reason()
    {
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == RuntimeDiagnostics.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);
        var attempts = 0;
        await using var harness = new ControllerHarness(
            (_, _) => Interlocked.Increment(ref attempts) == 1 ? throw new HttpRequestException("boom") : Task.FromResult(ReconcileResult.Done),
            o => o.Kind = ApiResource.For<V1ConfigMap>()).Start();

        harness.Controller.Enqueue(new ReconcileRequest("team-a", "traced-config", ReconcileReasons.ObjectUpdated));
        await Eventually.TrueAsync(() => harness.Waiting == 1, "failed once and scheduled a retry");
        // Keep the fake clock moving while waiting: the retry's timer may be armed only after "waiting" is observed, and a
        // single advance made before that would never fire it.
        await Eventually.TrueAsync(() =>
        {
            harness.Clock.Advance(TimeSpan.FromMilliseconds(5));
            return Mine(stopped).Count == 2;
        }, $"both reconciles were traced; calls={harness.Calls.Count} seen={string.Join(" | ", stopped.Select(a => $"{a.GetTagItem("object.ref")} {a.GetTagItem("reconcile.result")}"))}");

        var activities = Mine(stopped);
        Assert.All(activities, a => Assert.Equal(RuntimeDiagnostics.ReconcileActivityName, a.DisplayName));
        Assert.Equal(["object updated", "error policy requested retry"], activities.Select(a => a.GetTagItem("object.reason")));
        Assert.Equal(["error", "success"], activities.Select(a => a.GetTagItem("reconcile.result")));
        Assert.Equal(ActivityStatusCode.Error, activities[0].Status);
        Assert.Equal("test", activities[0].GetTagItem("controller"));

        static List<Activity> Mine(IEnumerable<Activity> all) =>
            [.. all.Where(a => (string?)a.GetTagItem("object.ref") == "ConfigMap.v1./traced-config.team-a")];
    }

    [Fact]
    public async Task Reconcile_logs_run_in_a_scope_naming_the_object_and_the_reason()
    {
        var logger = new RecordingLogger();
        await using var harness = new ControllerHarness(
            (_, _) => throw new TerminalReconcileException("bad spec"),
            o => o.Kind = ApiResource.For<V1ConfigMap>(),
            logger: logger).Start();

        harness.Controller.Enqueue(new ReconcileRequest("team-a", "logged", ReconcileReasons.ObjectUpdated));
        await Eventually.TrueAsync(() => logger.Lines.Any(l => l.Level == LogLevel.Error), "the error was logged");

        var line = logger.Lines.Single(l => l.Level == LogLevel.Error);
        Assert.StartsWith("Reconciler error", line.Message, StringComparison.Ordinal);
        Assert.IsType<TerminalReconcileException>(line.Exception);
        Assert.Equal("ConfigMap.v1./logged.team-a", line.Scope["object.ref"]);
        Assert.Equal("object updated", line.Scope["object.reason"]);
        Assert.Equal("test", line.Scope["controller"]);
        Assert.Equal("team-a", line.Scope["namespace"]);
        Assert.Equal("logged", line.Scope["name"]);
        Assert.True(Guid.TryParse((string?)line.Scope["reconcileID"], out _));
        Assert.Contains(logger.Lines, l => l.Message == "Starting Controller");
    }
}
