using Coxswain.Runtime.Observability;
using Coxswain.Runtime.Queue;
using Coxswain.Runtime.Tests.Support;
using Microsoft.Extensions.Time.Testing;
using Prometheus;

namespace Coxswain.Runtime.Tests.Queue;

public class WorkQueueMetricsTests
{
    private static readonly (string, string)[] Labels = [("name", "pods"), ("controller", "pods")];
    private static readonly (string, string)[] DepthLabels = [("name", "pods"), ("controller", "pods"), ("priority", "")];

    private readonly FakeTimeProvider _clock = new();
    private readonly CollectorRegistry _registry = Prometheus.Metrics.NewCustomRegistry();

    [Fact]
    public async Task Counts_adds_and_depth_without_counting_deduplicated_adds()
    {
        using var queue = NewQueue();
        queue.Add("a");
        queue.Add("a");
        queue.Add("b");

        var scrape = await MetricsScrape.TakeAsync(_registry);

        Assert.Equal(2, scrape.Value("workqueue_adds_total", Labels));
        Assert.Equal(2, scrape.Value("workqueue_depth", DepthLabels));
    }

    [Fact]
    public async Task Observes_queue_and_work_durations_on_the_fake_clock()
    {
        using var queue = NewQueue();
        queue.Add("a");
        _clock.Advance(TimeSpan.FromSeconds(2));
        var item = await queue.GetAsync();
        _clock.Advance(TimeSpan.FromSeconds(3));
        queue.Done(item.Value);

        var scrape = await MetricsScrape.TakeAsync(_registry);

        Assert.Equal(0, scrape.Value("workqueue_depth", DepthLabels));
        Assert.Equal(2, scrape.Value("workqueue_queue_duration_seconds_sum", Labels));
        Assert.Equal(3, scrape.Value("workqueue_work_duration_seconds_sum", Labels));
        Assert.Equal(1, scrape.Value("workqueue_work_duration_seconds_bucket", [.. Labels, ("le", "10")]));
        Assert.Equal(0, scrape.Value("workqueue_work_duration_seconds_bucket", [.. Labels, ("le", "1")]));
        Assert.Equal(1, scrape.Value("workqueue_work_duration_seconds_bucket", [.. Labels, ("le", "1000")]));
    }

    [Fact]
    public async Task Reports_unfinished_work_and_the_longest_running_processor_every_half_second()
    {
        using var queue = NewQueue();
        queue.Add("a");
        queue.Add("b");
        await queue.GetAsync();
        _clock.Advance(TimeSpan.FromSeconds(1));
        await queue.GetAsync();
        _clock.Advance(TimeSpan.FromSeconds(1.5));

        var scrape = await MetricsScrape.TakeAsync(_registry);

        Assert.Equal(4, scrape.Value("workqueue_unfinished_work_seconds", Labels));
        Assert.Equal(2.5, scrape.Value("workqueue_longest_running_processor_seconds", Labels));
    }

    [Fact]
    public async Task Counts_every_delayed_add_as_a_retry()
    {
        using var queue = new RateLimitingWorkQueue<string>(options: Options());
        queue.AddAfter("a", TimeSpan.FromSeconds(1));
        queue.AddRateLimited("b");
        queue.AddAfter("c", TimeSpan.Zero);

        var scrape = await MetricsScrape.TakeAsync(_registry);

        Assert.Equal(3, scrape.Value("workqueue_retries_total", Labels));
    }

    [Fact]
    public async Task Buckets_span_ten_nanoseconds_to_a_thousand_seconds()
    {
        using var queue = NewQueue();
        queue.Add("a");
        queue.Done((await queue.GetAsync()).Value);

        var scrape = await MetricsScrape.TakeAsync(_registry);
        var buckets = scrape.SeriesStartingWith("workqueue_queue_duration_seconds_bucket").ToList();

        Assert.Equal(
            ["1e-08", "1e-07", "1e-06", "1e-05", "0.0001", "0.001", "0.01", "0.1", "1", "10", "100", "1000", "+Inf"],
            buckets.Select(b => b[(b.IndexOf("le=\"", StringComparison.Ordinal) + 4)..^2]));
    }

    [Fact]
    public async Task An_unnamed_queue_records_nothing()
    {
        using var queue = new WorkQueue<string>(new WorkQueueOptions { TimeProvider = _clock, Metrics = new RuntimeMetrics(_registry) });
        queue.Add("a");

        var scrape = await MetricsScrape.TakeAsync(_registry);

        Assert.Empty(scrape.SeriesStartingWith("workqueue_adds_total{"));
    }

    private WorkQueue<string> NewQueue() => new(Options());

    private WorkQueueOptions Options() => new() { Name = "pods", TimeProvider = _clock, Metrics = new RuntimeMetrics(_registry) };
}
