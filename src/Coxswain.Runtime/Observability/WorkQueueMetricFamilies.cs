using Prometheus;

namespace Coxswain.Runtime.Observability;

/// <summary>
/// controller-runtime's <c>workqueue_*</c> families (<c>pkg/metrics/workqueue.go</c>). Every series is labelled with the
/// queue's <c>name</c> and the owning <c>controller</c> (both the controller name, as controller-runtime does);
/// <c>workqueue_depth</c> also carries <c>priority</c>, empty for queues without priorities.
/// </summary>
public sealed class WorkQueueMetricFamilies
{
    internal static readonly string[] Labels = ["name", "controller"];
    internal static readonly string[] DepthLabels = ["name", "controller", "priority"];

    /// <summary>10 ns … 1000 s: <c>prometheus.ExponentialBuckets(10e-9, 10, 12)</c>.</summary>
    internal static readonly double[] DurationBuckets = Histogram.ExponentialBuckets(10e-9, 10, 12);

    internal WorkQueueMetricFamilies(IMetricFactory factory)
    {
        Depth = factory.CreateGauge("workqueue_depth", "Current depth of workqueue", DepthLabels);
        Adds = factory.CreateCounter("workqueue_adds_total", "Total number of adds handled by workqueue", Labels);
        QueueDuration = factory.CreateHistogram(
            "workqueue_queue_duration_seconds",
            "How long in seconds an item stays in workqueue before being requested",
            Labels,
            new HistogramConfiguration { Buckets = DurationBuckets });
        WorkDuration = factory.CreateHistogram(
            "workqueue_work_duration_seconds",
            "How long in seconds processing an item from workqueue takes.",
            Labels,
            new HistogramConfiguration { Buckets = DurationBuckets });
        UnfinishedWork = factory.CreateGauge(
            "workqueue_unfinished_work_seconds",
            "How many seconds of work has been done that is in progress and hasn't been observed by work_duration. " +
            "Large values indicate stuck threads. One can deduce the number of stuck threads by observing the rate at which this increases.",
            Labels);
        LongestRunningProcessor = factory.CreateGauge(
            "workqueue_longest_running_processor_seconds",
            "How many seconds has the longest running processor for workqueue been running.",
            Labels);
        Retries = factory.CreateCounter("workqueue_retries_total", "Total number of retries handled by workqueue", Labels);
    }

    public Gauge Depth { get; }

    public Counter Adds { get; }

    public Histogram QueueDuration { get; }

    public Histogram WorkDuration { get; }

    public Gauge UnfinishedWork { get; }

    public Gauge LongestRunningProcessor { get; }

    public Counter Retries { get; }
}
