using Coxswain.Runtime.Client;
using Coxswain.Runtime.Controllers;
using Coxswain.Runtime.Queue;
using Coxswain.Runtime.Tests.Support;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Controllers;

public class ControllerTests
{
    private static readonly (string, string)[] ControllerLabel = [("controller", "test")];
    private static readonly ReconcileRequest Web = new("default", "web");

    [Fact]
    public async Task Reconciles_each_enqueued_object_and_counts_successes()
    {
        await using var harness = new ControllerHarness((_, _) => Task.FromResult(ReconcileResult.Done)).Start();

        harness.Controller.Enqueue(Web);
        harness.Controller.Enqueue(new ReconcileRequest(null, "node-1"));
        await Eventually.TrueAsync(() => harness.Calls.Count == 2, "both objects were reconciled");

        var scrape = await harness.ScrapeAsync();
        await Eventually.TrueAsync(() => harness.Controller.Queue.Count == 0, "the queue is empty");
        Assert.Equal(2, (await harness.ScrapeAsync()).Value("controller_runtime_reconcile_total", ("controller", "test"), ("result", "success")));
        Assert.Equal(0, scrape.Value("controller_runtime_reconcile_errors_total", ControllerLabel));
        Assert.Equal(1, scrape.Value("controller_runtime_max_concurrent_reconciles", ControllerLabel));
    }

    [Fact]
    public async Task Publishes_every_series_at_zero_on_start()
    {
        await using var harness = new ControllerHarness((_, _) => Task.FromResult(ReconcileResult.Done)).Start();
        await Eventually.SettleAsync();

        var scrape = await harness.ScrapeAsync();

        foreach (var result in new[] { "success", "error", "requeue", "requeue_after" })
        {
            Assert.Equal(0, scrape.Value("controller_runtime_reconcile_total", ("controller", "test"), ("result", result)));
        }

        Assert.Equal(0, scrape.Value("controller_runtime_terminal_reconcile_errors_total", ControllerLabel));
        Assert.Equal(0, scrape.Value("controller_runtime_reconcile_panics_total", ControllerLabel));
        Assert.Equal(0, scrape.Value("controller_runtime_active_workers", ControllerLabel));
    }

    [Fact]
    public async Task Never_reconciles_one_object_concurrently_and_coalesces_requests_made_meanwhile()
    {
        var release = new TaskCompletionSource();
        var running = 0;
        var maxRunning = 0;
        await using var harness = new ControllerHarness(async (_, _) =>
        {
            var now = Interlocked.Increment(ref running);
            InterlockedMax(ref maxRunning, now);
            await release.Task;
            Interlocked.Decrement(ref running);
            return ReconcileResult.Done;
        }, o => o.MaxConcurrentReconciles = 4).Start();

        harness.Controller.Enqueue(Web);
        await Eventually.TrueAsync(() => harness.Calls.Count == 1, "the first reconcile started");
        for (var i = 0; i < 10; i++)
        {
            harness.Controller.Enqueue(Web.WithReason(ReconcileReasons.ObjectUpdated));
        }

        await Eventually.SettleAsync();
        Assert.Single(harness.Calls);
        release.SetResult();

        await Eventually.TrueAsync(() => harness.Calls.Count == 2, "the coalesced request ran after the first finished");
        await Eventually.SettleAsync();
        Assert.Equal(2, harness.Calls.Count);
        Assert.Equal(1, maxRunning);
        Assert.Equal(ReconcileReasons.ObjectUpdated, harness.Calls.Last().Reason);
    }

    [Fact]
    public async Task Reconciles_different_objects_in_parallel_up_to_the_limit()
    {
        var release = new TaskCompletionSource();
        await using var harness = new ControllerHarness(async (_, _) =>
        {
            await release.Task;
            return ReconcileResult.Done;
        }, o => o.MaxConcurrentReconciles = 3).Start();

        for (var i = 0; i < 5; i++)
        {
            harness.Controller.Enqueue(new ReconcileRequest("default", $"pod-{i}"));
        }

        await Eventually.TrueAsync(() => harness.Calls.Count == 3, "three reconciles run at once");
        await Eventually.SettleAsync();
        Assert.Equal(3, harness.Calls.Count);
        var scrape = await harness.ScrapeAsync();
        Assert.Equal(3, scrape.Value("controller_runtime_active_workers", ControllerLabel));
        Assert.Equal(3, scrape.Value("controller_runtime_max_concurrent_reconciles", ControllerLabel));

        release.SetResult();
        await Eventually.TrueAsync(() => harness.Calls.Count == 5, "the rest ran");
    }

    [Fact]
    public async Task An_exception_is_retried_with_the_rate_limiter_backoff()
    {
        var attempts = 0;
        await using var harness = new ControllerHarness((_, _) =>
            Interlocked.Increment(ref attempts) <= 2
                ? throw new HttpRequestException("conflict")
                : Task.FromResult(ReconcileResult.Done)).Start();

        harness.Controller.Enqueue(Web);
        await Eventually.TrueAsync(() => harness.Calls.Count == 1 && harness.Waiting == 1, "first failure scheduled a retry");
        harness.Clock.Advance(TimeSpan.FromMilliseconds(4));
        await Eventually.SettleAsync();
        Assert.Single(harness.Calls);

        harness.Clock.Advance(TimeSpan.FromMilliseconds(1));
        await Eventually.TrueAsync(() => harness.Calls.Count == 2 && harness.Waiting == 1 && harness.Controller.Queue.NumRequeues(Web) == 2, "retried after 5 ms");
        harness.Clock.Advance(TimeSpan.FromMilliseconds(10));
        await Eventually.TrueAsync(() => harness.Calls.Count == 3, "retried after another 10 ms");
        await Eventually.TrueAsync(() => harness.Controller.Queue.NumRequeues(Web) == 0, "success forgot the backoff");

        Assert.Equal(ReconcileReasons.ErrorPolicyRequestedRetry, harness.Calls.ElementAt(1).Reason);
        var scrape = await harness.ScrapeAsync();
        Assert.Equal(2, scrape.Value("controller_runtime_reconcile_errors_total", ControllerLabel));
        Assert.Equal(2, scrape.Value("controller_runtime_reconcile_total", ("controller", "test"), ("result", "error")));
        Assert.Equal(1, scrape.Value("controller_runtime_reconcile_total", ("controller", "test"), ("result", "success")));
        Assert.Equal(0, scrape.Value("controller_runtime_reconcile_panics_total", ControllerLabel));
    }

    [Fact]
    public async Task A_terminal_error_is_counted_but_not_retried()
    {
        await using var harness = new ControllerHarness((_, _) =>
            throw new InvalidOperationException("wrapped", new TerminalReconcileException("spec.replicas must be positive"))).Start();

        harness.Controller.Enqueue(Web);
        await Eventually.TrueAsync(() => harness.Calls.Count == 1, "reconciled once");
        harness.Clock.Advance(TimeSpan.FromHours(1));
        await Eventually.SettleAsync();

        Assert.Single(harness.Calls);
        var scrape = await harness.ScrapeAsync();
        Assert.Equal(1, scrape.Value("controller_runtime_terminal_reconcile_errors_total", ControllerLabel));
        Assert.Equal(1, scrape.Value("controller_runtime_reconcile_errors_total", ControllerLabel));
        Assert.Equal(1, scrape.Value("controller_runtime_reconcile_total", ("controller", "test"), ("result", "error")));
    }

    [Fact]
    public async Task A_panic_is_recovered_counted_and_retried()
    {
        var attempts = 0;
        await using var harness = new ControllerHarness((_, _) =>
        {
            if (Interlocked.Increment(ref attempts) == 1)
            {
                string? missing = null;
                return Task.FromResult(missing!.Length > 0 ? ReconcileResult.Done : ReconcileResult.Done);
            }

            return Task.FromResult(ReconcileResult.Done);
        }).Start();

        harness.Controller.Enqueue(Web);
        await Eventually.TrueAsync(() => harness.Calls.Count == 1 && harness.Waiting == 1, "panicked once");
        harness.Clock.Advance(TimeSpan.FromMilliseconds(5));
        await Eventually.TrueAsync(() => harness.Calls.Count == 2, "retried");

        var scrape = await harness.ScrapeAsync();
        Assert.Equal(1, scrape.Value("controller_runtime_reconcile_panics_total", ControllerLabel));
        Assert.Equal(1, scrape.Value("controller_runtime_reconcile_errors_total", ControllerLabel));
    }

    [Fact]
    public async Task A_panic_stops_the_controller_when_recovery_is_disabled()
    {
        await using var harness = new ControllerHarness(
            (_, _) => throw new IndexOutOfRangeException(),
            o => o.RecoverPanic = false).Start();

        harness.Controller.Enqueue(Web);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Run.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.IsType<IndexOutOfRangeException>(error.InnerException);
        Assert.Equal(1, (await harness.ScrapeAsync()).Value("controller_runtime_reconcile_panics_total", ControllerLabel));
    }

    [Fact]
    public async Task RequeueAfter_runs_again_after_the_delay_without_backoff()
    {
        var attempts = 0;
        await using var harness = new ControllerHarness((_, _) => Task.FromResult(
            Interlocked.Increment(ref attempts) == 1 ? ReconcileResult.RequeueAfter(TimeSpan.FromSeconds(30)) : ReconcileResult.Done)).Start();

        harness.Controller.Enqueue(Web);
        await Eventually.TrueAsync(() => harness.Calls.Count == 1, "first reconcile");
        await Eventually.TrueAsync(() => harness.Waiting == 1, "the requeue is scheduled");
        harness.Clock.Advance(TimeSpan.FromSeconds(29));
        await Eventually.SettleAsync();
        Assert.Single(harness.Calls);

        harness.Clock.Advance(TimeSpan.FromSeconds(1));
        await Eventually.TrueAsync(() => harness.Calls.Count == 2, "requeued after 30 s");
        Assert.Equal(ReconcileReasons.ReconcilerRequestedRetry, harness.Calls.Last().Reason);
        Assert.Equal(0, harness.Controller.Queue.NumRequeues(Web));
        Assert.Equal(1, (await harness.ScrapeAsync()).Value("controller_runtime_reconcile_total", ("controller", "test"), ("result", "requeue_after")));
    }

    [Fact]
    public async Task Requeue_uses_the_backoff()
    {
        var attempts = 0;
        await using var harness = new ControllerHarness((_, _) => Task.FromResult(
            Interlocked.Increment(ref attempts) <= 2 ? ReconcileResult.Requeue : ReconcileResult.Done)).Start();

        harness.Controller.Enqueue(Web);
        await Eventually.TrueAsync(() => harness.Calls.Count == 1 && harness.Waiting == 1, "first requeue");
        harness.Clock.Advance(TimeSpan.FromMilliseconds(5));
        await Eventually.TrueAsync(() => harness.Calls.Count == 2 && harness.Waiting == 1 && harness.Controller.Queue.NumRequeues(Web) == 2, "second requeue");
        harness.Clock.Advance(TimeSpan.FromMilliseconds(10));
        await Eventually.TrueAsync(() => harness.Calls.Count == 3, "third run");

        Assert.Equal(2, (await harness.ScrapeAsync()).Value("controller_runtime_reconcile_total", ("controller", "test"), ("result", "requeue")));
    }

    [Fact]
    public async Task Graceful_shutdown_finishes_in_flight_reconciles_and_starts_no_new_ones()
    {
        var release = new TaskCompletionSource();
        var tokenWasCancelled = false;
        var finished = false;
        await using var harness = new ControllerHarness(async (request, token) =>
        {
            if (request.Name == "web")
            {
                await release.Task;
                tokenWasCancelled = token.IsCancellationRequested;
                finished = true;
            }

            return ReconcileResult.Done;
        }).Start();
        harness.Controller.Enqueue(Web);
        await Eventually.TrueAsync(() => harness.Calls.Count == 1, "web is being reconciled");
        harness.Controller.Enqueue(new ReconcileRequest("default", "queued"));

        var stop = harness.StopAsync();
        await Eventually.SettleAsync();
        Assert.False(stop.IsCompleted);
        release.SetResult();
        await stop;

        Assert.True(finished);
        Assert.False(tokenWasCancelled);
        Assert.Single(harness.Calls);
    }

    [Fact]
    public async Task In_flight_reconciles_are_cancelled_after_the_graceful_shutdown_timeout()
    {
        var cancelled = false;
        await using var harness = new ControllerHarness(async (_, token) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, token);
            }
            catch (OperationCanceledException)
            {
                cancelled = true;
            }

            return ReconcileResult.Done;
        }).Start();
        harness.Controller.Enqueue(Web);
        await Eventually.TrueAsync(() => harness.Calls.Count == 1, "reconcile started");

        var stop = harness.StopAsync();
        await Eventually.SettleAsync();
        Assert.False(stop.IsCompleted);
        harness.Clock.Advance(TimeSpan.FromSeconds(30));
        await stop;

        Assert.True(cancelled);
    }

    [Fact]
    public async Task A_reconcile_is_cancelled_after_the_reconciliation_timeout()
    {
        await using var harness = new ControllerHarness(async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return ReconcileResult.Done;
        }, o => o.ReconciliationTimeout = TimeSpan.FromSeconds(10)).Start();
        harness.Controller.Enqueue(Web);
        await Eventually.TrueAsync(() => harness.Calls.Count == 1, "reconcile started");

        harness.Clock.Advance(TimeSpan.FromSeconds(10));

        await Eventually.TrueAsync(() => harness.Controller.Queue.NumRequeues(Web) == 1, "the timed-out reconcile failed and was requeued");
    }

    [Fact]
    public async Task Pumps_requests_from_sources_once_they_have_synced()
    {
        var synced = new TaskCompletionSource();
        var source = new ScriptedSource([Web, new ReconcileRequest("default", "db")], synced.Task);
        await using var harness = new ControllerHarness((_, _) => Task.FromResult(ReconcileResult.Done), sources: [source]).Start();

        await Eventually.SettleAsync();
        Assert.Empty(harness.Calls);
        Assert.Equal(2, harness.Controller.Queue.Count);

        synced.SetResult();
        await Eventually.TrueAsync(() => harness.Calls.Count == 2, "both requests were reconciled");
    }

    [Fact]
    public async Task Fails_when_sources_do_not_sync_in_time()
    {
        var source = new ScriptedSource([], new TaskCompletionSource().Task);
        await using var harness = new ControllerHarness((_, _) => Task.FromResult(ReconcileResult.Done), sources: [source]).Start();
        await Eventually.SettleAsync();

        harness.Clock.Advance(TimeSpan.FromMinutes(2));

        await Assert.ThrowsAsync<TimeoutException>(() => harness.Run.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task A_failing_source_stops_the_controller_with_its_error()
    {
        var source = ReconcileSource.From(Throwing());
        await using var harness = new ControllerHarness((_, _) => Task.FromResult(ReconcileResult.Done), sources: [source]).Start();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => harness.Run.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Equal("forbidden", error.Message);

        static async IAsyncEnumerable<ReconcileRequest> Throwing()
        {
            await Task.Yield();
            yield return Web;
            throw new HttpRequestException("forbidden");
        }
    }

    [Fact]
    public async Task Records_reconcile_time_in_controller_runtime_buckets()
    {
        await using var harness = new ControllerHarness((_, _) => Task.FromResult(ReconcileResult.Done)).Start();
        harness.Controller.Enqueue(Web);
        await Eventually.TrueAsync(() => harness.Calls.Count == 1, "reconciled");
        await Eventually.SettleAsync();

        var scrape = await harness.ScrapeAsync();
        var buckets = scrape.SeriesStartingWith("controller_runtime_reconcile_time_seconds_bucket")
            .Select(s => s[(s.IndexOf("le=\"", StringComparison.Ordinal) + 4)..^2]);

        Assert.Equal(
            "0.005 0.01 0.025 0.05 0.1 0.15 0.2 0.25 0.3 0.35 0.4 0.45 0.5 0.6 0.7 0.8 0.9 1 1.25 1.5 1.75 2 2.5 3 3.5 4 4.5 5 6 7 8 9 10 15 20 25 30 40 50 60 +Inf",
            string.Join(' ', buckets));
        Assert.Equal(1, scrape.Value("controller_runtime_reconcile_time_seconds_count", ControllerLabel));
    }

    [Fact]
    public async Task Cannot_run_twice()
    {
        await using var harness = new ControllerHarness((_, _) => Task.FromResult(ReconcileResult.Done)).Start();

        await Assert.ThrowsAsync<InvalidOperationException>(() => harness.Controller.RunAsync(CancellationToken.None));
    }

    [Fact]
    public void Renders_object_refs_like_kube_rs()
    {
        Assert.Equal("Pod.v1./web.default", Web.ToObjectRef(ApiResource.For<V1Pod>()));
        Assert.Equal("Deployment.v1.apps/web.default", Web.ToObjectRef(ApiResource.For<V1Deployment>()));
        Assert.Equal("Node.v1./node-1", new ReconcileRequest(null, "node-1").ToObjectRef(ApiResource.For<V1Node>()));
        Assert.Equal("default/web", Web.ToString());
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
