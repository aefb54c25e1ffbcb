using System.Collections.Concurrent;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Storage;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Controllers;

/// <summary>
/// One logical thread for an in-process controller that also keeps time (the scheduler, the simulated kubelets, the node
/// lifecycle controller). Store events in revision order, due timers of one <see cref="TimerWheel"/> and work posted back
/// by finished API writes all run one at a time, so the controller's state needs no locks however many objects it tracks.
/// <para>
/// Handlers never block: an API write is started with <see cref="Start{T}"/> and its outcome is posted back to the loop.
/// The synchronous part of the write (up to its first await) runs on the loop; anything after may run elsewhere, so
/// write transforms must only read data that is theirs (an immutable draft), never the controller's state.
/// </para>
/// </summary>
public sealed class ControllerLoop
{
    readonly ObjectStore store;
    readonly string name;
    readonly ILogger logger;
    readonly TimeProvider time;
    readonly TimerWheel timers;
    readonly ConcurrentQueue<Action> posted = new();
    readonly List<Action> endOfTurn = new();
    readonly List<ScheduledTimer> due = new();
    TaskCompletionSource wake = NewSignal();
    int inFlight;

    public ControllerLoop(ObjectStore store, string name, ILogger logger, TimeProvider? time = null, TimeSpan? timerTick = null)
    {
        this.store = store;
        this.name = name;
        this.logger = logger;
        this.time = time ?? TimeProvider.System;
        timers = new TimerWheel(this.time.GetUtcNow(), timerTick ?? TimeSpan.FromMilliseconds(10));
    }

    public TimeProvider Time => time;
    public DateTimeOffset Now => time.GetUtcNow();
    public ScheduledTimer After(TimeSpan delay, Action action) => timers.Schedule(Now + delay, action);

    public ScheduledTimer At(DateTimeOffset dueAt, Action action) => timers.Schedule(dueAt, action);

    /// <summary>Queues work for the loop; callable from any thread.</summary>
    public void Post(Action action)
    {
        posted.Enqueue(action);
        Wake();
    }

    /// <summary>
    /// Runs <paramref name="action"/> once the loop has handled everything that is ready now (loop thread only): changes made
    /// by several events or timers of one turn are then written once, not once per change.
    /// </summary>
    public void AtEndOfTurn(Action action) => endOfTurn.Add(action);

    /// <summary>Starts an API call off the loop; its completion (or failure) is handed back on the loop.</summary>
    public void Start(Func<Task> operation, Action? onSuccess = null, Action<Exception>? onFailure = null) =>
        Start(async () =>
        {
            await operation().ConfigureAwait(false);
            return true;
        }, onSuccess is null ? null : _ => onSuccess(), onFailure);

    /// <summary>Starts an API call off the loop; its result (or failure) is handed back on the loop.</summary>
    public void Start<T>(Func<Task<T>> operation, Action<T>? onSuccess = null, Action<Exception>? onFailure = null)
    {
        Interlocked.Increment(ref inFlight);
        _ = RunAsync();

        async Task RunAsync()
        {
            try
            {
                var result = await operation().ConfigureAwait(false);
                if (onSuccess is not null) Post(() => onSuccess(result));
            }
            catch (Exception e)
            {
                if (onFailure is not null) Post(() => onFailure(e));
                else if (!IsExpected(e)) logger.LogWarning(e, "{Controller}: API call failed", name);
            }
            finally
            {
                if (Interlocked.Decrement(ref inFlight) == 0) Wake();
            }
        }
    }

    /// <summary>Failures a controller routinely meets and simply moves past: the object is gone, changed, or the server stops.</summary>
    public static bool IsExpected(Exception e) =>
        e is StatusError { Code: 404 or 409 } or ObjectDisposedException or OperationCanceledException ||
        e is StatusError { Code: 403 } forbidden && forbidden.Message.Contains("is being terminated", StringComparison.Ordinal);

    /// <summary>
    /// Runs until <paramref name="ct"/> is cancelled, then waits (briefly) for the API calls still in flight so the store
    /// outlives them. <paramref name="resync"/> sees the whole state at start and again whenever the loop fell behind compaction.
    /// </summary>
    public Task Run(Action<StoreSnapshot> resync, Action<WatchEvent> onEvent, CancellationToken ct) => Task.Run(async () =>
    {
        var batch = new List<WatchEvent>();
        var cursor = -1L;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (cursor < 0)
                {
                    var snapshot = store.Current;
                    Guard(() => resync(snapshot));
                    cursor = snapshot.Revision;
                }
                batch.Clear();
                store.Events.ReadAfter(cursor, 256, batch);
                foreach (var e in batch)
                {
                    Guard(() => onEvent(e));
                    cursor = e.Revision;
                }
                RunPosted();
                RunDueTimers();
                RunEndOfTurn();
                if (batch.Count == 0) await WaitForWorkAsync(cursor, ct).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                break;
            }
            catch (RevisionCompactedException)
            {
                cursor = -1;
            }
            catch (Exception e)
            {
                // Handlers are guarded; this is the loop's own machinery failing. Keep going rather than stop the controller.
                logger.LogError(e, "{Controller} loop failed; continuing", name);
                try { await Task.Delay(TimeSpan.FromMilliseconds(100), time, ct).ConfigureAwait(false); }
                catch (OperationCanceledException) { break; }
            }
        }
        await DrainInFlightAsync().ConfigureAwait(false);
    }, CancellationToken.None);

    void RunPosted()
    {
        // Only what is queued now: work posted by this work waits for the next turn, so events are never starved.
        for (var n = posted.Count; n > 0 && posted.TryDequeue(out var action); n--) Guard(action);
    }

    void RunDueTimers()
    {
        due.Clear();
        timers.CollectDue(Now, due);
        foreach (var timer in due) Guard(timer.Fire);
    }

    void RunEndOfTurn()
    {
        while (endOfTurn.Count > 0)
        {
            var actions = endOfTurn.ToArray();
            endOfTurn.Clear();
            foreach (var action in actions) Guard(action);
        }
    }

    /// <summary>A failing handler is logged and skipped: one bad object must not stop the controller.</summary>
    void Guard(Action action)
    {
        try { action(); }
        catch (Exception e) { logger.LogError(e, "{Controller} handler failed", name); }
    }

    async Task WaitForWorkAsync(long cursor, CancellationToken ct)
    {
        var signal = NewSignal();
        Volatile.Write(ref wake, signal);
        // Re-checked after publishing the new signal so that a Post racing with us is never lost.
        if (!posted.IsEmpty || store.CurrentRevision > cursor) return;
        var next = timers.NextDue();
        var now = Now;
        if (next is { } dueAt && dueAt <= now) return;

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        var storeChanged = store.WaitForRevisionAfterAsync(cursor, stop.Token);
        var timerDue = next is { } at ? Task.Delay(at - now, time, stop.Token) : Task.Delay(Timeout.Infinite, stop.Token);
        await Task.WhenAny(storeChanged, signal.Task, timerDue).ConfigureAwait(false);
        await stop.CancelAsync().ConfigureAwait(false);
        ct.ThrowIfCancellationRequested();
    }

    void Wake() => Volatile.Read(ref wake).TrySetResult();

    async Task DrainInFlightAsync()
    {
        var deadline = Now + TimeSpan.FromSeconds(10);
        while (Volatile.Read(ref inFlight) > 0 && Now < deadline)
        {
            var signal = NewSignal();
            Volatile.Write(ref wake, signal);
            if (Volatile.Read(ref inFlight) == 0) break;
            await Task.WhenAny(signal.Task, Task.Delay(TimeSpan.FromMilliseconds(100), time)).ConfigureAwait(false);
        }
    }

    static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
