namespace Coxswain.LocalCluster.Kubelet;

/// <summary>One line a container wrote, with the time the runtime received it.</summary>
public readonly record struct LogLine(DateTimeOffset At, string Text);

/// <summary>
/// The output of one container instance (one containerID): lines are appended by the simulation and read, or followed,
/// by <c>pods/log</c> requests on other threads. Once the instance has exited the log is complete and followers stop.
/// </summary>
public sealed class ContainerLog
{
    readonly object gate = new();
    readonly List<LogLine> lines = new();
    TaskCompletionSource changed = NewSignal();

    public bool IsComplete { get; private set; }

    public void Append(DateTimeOffset at, string text)
    {
        lock (gate)
        {
            if (IsComplete) return;
            lines.Add(new LogLine(at, text));
        }
        Signal();
    }

    /// <summary>The instance exited: no more lines will come.</summary>
    public void Complete()
    {
        lock (gate) IsComplete = true;
        Signal();
    }

    /// <summary>Lines from index <paramref name="from"/> on, and whether the log was complete when they were read.</summary>
    public (IReadOnlyList<LogLine> Lines, bool Complete) Read(int from)
    {
        lock (gate) return (from >= lines.Count ? [] : lines.GetRange(from, lines.Count - from), IsComplete);
    }

    /// <summary>Completes when a line beyond <paramref name="count"/> exists or the log completes.</summary>
    public Task WaitForMoreAsync(int count, CancellationToken ct)
    {
        lock (gate)
        {
            if (lines.Count > count || IsComplete) return Task.CompletedTask;
            return changed.Task.WaitAsync(ct);
        }
    }

    void Signal()
    {
        TaskCompletionSource previous;
        lock (gate)
        {
            previous = changed;
            changed = NewSignal();
        }
        previous.TrySetResult();
    }

    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
