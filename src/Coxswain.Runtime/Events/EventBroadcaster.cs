using System.Net;
using System.Threading.Channels;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Events.Correlation;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coxswain.Runtime.Events;

/// <summary>
/// Writes the events of its <see cref="EventRecorder"/>s to the API server in the background, aggregating repeats as
/// client-go's <c>events.EventBroadcaster</c> does. Events with the same regarding and related objects, reason, action and
/// reporting controller are one isomorphic series: the first occurrence is created; the second turns it into a series
/// (<c>series.count</c> 2, <c>lastObservedTime</c>) written at once; later ones only count, and the count is written every
/// <see cref="EventBroadcasterOptions.SeriesRefreshInterval"/> and when the series finishes (no repeat for
/// <see cref="EventBroadcasterOptions.SeriesFinishAfter"/>). A flapping controller thus costs the API server a handful
/// of writes, not one per reconcile. The note is not part of the key: a repeat with another note counts in the series.
/// Legacy <c>core/v1</c> Events (<see cref="EventApi.CoreV1"/>) go through client-go's <c>tools/record</c> correlation
/// instead (<see cref="EventCorrelator"/>): similar messages combined, exact repeats counted, and at most a burst of
/// events per source and object.
/// </summary>
/// <remarks>
/// One loop does all writes, so the aggregation state needs no lock and events are written in order. When the server
/// cannot be reached an event is retried (<see cref="EventBroadcasterOptions.MaxAttempts"/>), holding the ones behind
/// it; events beyond <see cref="EventBroadcasterOptions.MaxQueuedEvents"/> are dropped meanwhile. An event the server
/// rejects is dropped and logged.
/// </remarks>
public sealed class EventBroadcaster : IAsyncDisposable
{
    private readonly Channel<Work> _work = Channel.CreateUnbounded<Work>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Dictionary<EventKey, Eventsv1Event> _series = new();
    private readonly ResourceClient<Eventsv1Event> _events;
    private readonly ResourceClient<Corev1Event> _coreEvents;
    private readonly EventBroadcasterOptions _options;
    private readonly EventCorrelator _correlator;
    private readonly ILogger _logger;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _loop;
    private readonly Task _refreshTicker;
    private readonly Task _finishTicker;
    private int _queued;

    public EventBroadcaster(Kubernetes client, EventBroadcasterOptions? options = null, ILogger? logger = null)
    {
        _events = new ResourceClient<Eventsv1Event>(client);
        _coreEvents = new ResourceClient<Corev1Event>(client);
        _options = options ?? new EventBroadcasterOptions();
        _correlator = new EventCorrelator(_options.Correlator, _options.TimeProvider);
        _logger = logger ?? NullLogger.Instance;
        _loop = Task.Run(RunAsync);
        _refreshTicker = Task.Run(() => TickAsync(_options.SeriesRefreshInterval, new Refresh()));
        _finishTicker = Task.Run(() => TickAsync(_options.SeriesFinishAfter, new Finish()));
    }

    /// <summary>
    /// A recorder for one controller (client-go's <c>NewRecorder</c>). The instance defaults to
    /// <c>&lt;reportingController&gt;-&lt;hostname&gt;</c>, as client-go's.
    /// </summary>
    public EventRecorder NewRecorder(string reportingController, string? reportingInstance = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(reportingController);
        return new EventRecorder(this, reportingController, reportingInstance ?? $"{reportingController}-{Environment.MachineName}", _options.TimeProvider);
    }

    /// <summary>Completes once every event published before the call has been written (or given up on).</summary>
    public Task FlushAsync(CancellationToken cancellationToken = default)
    {
        var flushed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (!_work.Writer.TryWrite(new Flush(flushed)))
        {
            return Task.CompletedTask;
        }

        return flushed.Task.WaitAsync(cancellationToken);
    }

    /// <summary>Writes what is queued, then stops.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_work.Writer.TryComplete())
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_loop, _refreshTicker, _finishTicker).ConfigureAwait(false);
        _stopping.Dispose();
    }

    internal void Enqueue(Eventsv1Event ev)
    {
        EventLog.Occurred(_logger, ev.Regarding.NamespaceProperty, ev.Regarding.Name, ev.Regarding.Kind, ev.Type, ev.Reason, ev.Action, ev.Note);
        if (Interlocked.Increment(ref _queued) > _options.MaxQueuedEvents)
        {
            Interlocked.Decrement(ref _queued);
            EventLog.Dropped(_logger, ev.Reason, ev.Regarding.Name);
            return;
        }

        if (!_work.Writer.TryWrite(new Record(ev)))
        {
            Interlocked.Decrement(ref _queued);
        }
    }

    private async Task TickAsync(TimeSpan period, Work tick)
    {
        try
        {
            while (true)
            {
                await Task.Delay(period, _options.TimeProvider, _stopping.Token).ConfigureAwait(false);
                _work.Writer.TryWrite(tick);
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task RunAsync()
    {
        await foreach (var work in _work.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            switch (work)
            {
                case Record record when _options.Api == EventApi.CoreV1:
                    Interlocked.Decrement(ref _queued);
                    if (_correlator.Correlate(CoreV1Events.From(record.Event)) is { } correlated)
                    {
                        await WriteWithRetriesAsync(correlated.Event.Metadata.Name, () => WriteLegacyOnceAsync(correlated)).ConfigureAwait(false);
                    }
                    else
                    {
                        EventLog.Throttled(_logger, record.Event.Reason, record.Event.Regarding.Name);
                    }

                    break;
                case Record record:
                    Interlocked.Decrement(ref _queued);
                    if (Aggregate(record.Event) is { } toWrite)
                    {
                        await WriteWithRetriesAsync(toWrite.Metadata.Name, () => WriteOnceAsync(toWrite)).ConfigureAwait(false);
                    }

                    break;
                case Refresh:
                    foreach (var ev in _series.Values.Where(e => e.Series is not null).ToList())
                    {
                        await WriteOnceAsync(ev).ConfigureAwait(false);
                    }

                    break;
                case Finish:
                    await FinishSeriesAsync().ConfigureAwait(false);
                    break;
                case Flush flush:
                    flush.Done.TrySetResult();
                    break;
            }
        }
    }

    // client-go's recordToSink: returns what to write now, or null when the occurrence only counts.
    private Eventsv1Event? Aggregate(Eventsv1Event ev)
    {
        var key = EventKey.Of(ev);
        if (!_series.TryGetValue(key, out var isomorphic))
        {
            _series[key] = ev;
            return ev;
        }

        var observed = _options.TimeProvider.GetUtcNow().UtcDateTime;
        if (isomorphic.Series is { } series)
        {
            series.Count++;
            series.LastObservedTime = observed;
            return null;
        }

        // The API requires a series to count at least 2: the first occurrence and this one.
        isomorphic.Series = new Eventsv1EventSeries { Count = 2, LastObservedTime = observed };
        return isomorphic;
    }

    // client-go's finishSeries.
    private async Task FinishSeriesAsync()
    {
        var horizon = _options.TimeProvider.GetUtcNow().UtcDateTime - _options.SeriesFinishAfter;
        foreach (var (key, ev) in _series.ToList())
        {
            if (ev.Series is { } series)
            {
                if (series.LastObservedTime < horizon && !await WriteOnceAsync(ev).ConfigureAwait(false))
                {
                    _series.Remove(key);
                }
            }
            else if (ev.EventTime < horizon)
            {
                _series.Remove(key);
            }
        }
    }

    private async Task WriteWithRetriesAsync(string name, Func<Task<bool>> writeOnce)
    {
        for (var attempt = 1; await writeOnce().ConfigureAwait(false); attempt++)
        {
            if (attempt >= _options.MaxAttempts)
            {
                EventLog.RetryLimitExceeded(_logger, name);
                return;
            }

            // Randomized, so many clients do not all come back at once when the API server returns.
            var delay = _options.RetryDelay * (1 + (0.25 * Random.Shared.NextDouble()));
            try
            {
                await Task.Delay(delay, _options.TimeProvider, _stopping.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    // client-go's recordEvent: a series is patched (created if it was deleted meanwhile), a single event created.
    // Returns whether the write should be retried (the server could not be reached).
    private Task<bool> WriteOnceAsync(Eventsv1Event ev) => GuardAsync(ev.Metadata.Name, async () =>
    {
        if (ev.Series is { } series)
        {
            try
            {
                var patch = new V1Patch(KubernetesJson.Serialize(new Eventsv1Event { Series = series }), V1Patch.PatchType.StrategicMergePatch);
                await _events.PatchAsync(ev.Metadata.NamespaceProperty, ev.Metadata.Name, patch).ConfigureAwait(false);
                return;
            }
            catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
            }
        }

        ev.Metadata.ResourceVersion = null;
        await _events.CreateAsync(ev).ConfigureAwait(false);
    });

    // client-go's tools/record recordEvent: a repeat patches the count (created anew if it was deleted meanwhile).
    private Task<bool> WriteLegacyOnceAsync(CorrelatedEvent correlated) => GuardAsync(correlated.Event.Metadata.Name, async () =>
    {
        var ev = correlated.Event;
        if (correlated.Repeat)
        {
            try
            {
                var patched = await _coreEvents.PatchAsync(ev.Metadata.NamespaceProperty, ev.Metadata.Name, CoreV1Events.RepeatPatch(ev)).ConfigureAwait(false);
                _correlator.Written(correlated, patched);
                return;
            }
            catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
            {
            }
        }

        ev.Metadata.ResourceVersion = null;
        _correlator.Written(correlated, await _coreEvents.CreateAsync(ev).ConfigureAwait(false));
    });

    // Returns whether the write should be retried: only when the server could not be reached. Once the broadcaster is
    // stopping, the client may already be disposed by its owner; an event that cannot be written then is dropped.
    private async Task<bool> GuardAsync(string name, Func<Task> write)
    {
        try
        {
            await write().ConfigureAwait(false);
            return false;
        }
        catch (KubernetesApiException e)
        {
            EventLog.Rejected(_logger, name, e.Message, e);
            return false;
        }
        catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
        {
            EventLog.WriteFailed(_logger, name, e.Message, e);
            return !_stopping.IsCancellationRequested;
        }
        catch (Exception e) when (_stopping.IsCancellationRequested)
        {
            EventLog.DroppedAtShutdown(_logger, name, e.Message);
            return false;
        }
    }

    private abstract record Work;

    private sealed record Record(Eventsv1Event Event) : Work;

    private sealed record Refresh : Work;

    private sealed record Finish : Work;

    private sealed record Flush(TaskCompletionSource Done) : Work;
}
