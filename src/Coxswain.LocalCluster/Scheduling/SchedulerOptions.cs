namespace Coxswain.LocalCluster.Scheduling;

/// <summary>kube-scheduler's queueing knobs (its defaults), shortened by tests.</summary>
public sealed class SchedulerOptions
{
    public const string DefaultSchedulerName = "default-scheduler";

    /// <summary>Pods whose <c>spec.schedulerName</c> is this are ours.</summary>
    public string SchedulerName { get; set; } = DefaultSchedulerName;

    /// <summary>Back-off after a failed attempt: doubles per attempt from the initial value up to the maximum.</summary>
    public TimeSpan PodInitialBackoff { get; set; } = TimeSpan.FromSeconds(1);
    public TimeSpan PodMaxBackoff { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>An unschedulable pod is retried after this long even if nothing in the cluster changed.</summary>
    public TimeSpan MaxInUnschedulable { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The resolution of the scheduler's timers.</summary>
    public TimeSpan TimerTick { get; set; } = TimeSpan.FromMilliseconds(10);

    public TimeProvider Time { get; set; } = TimeProvider.System;
}
