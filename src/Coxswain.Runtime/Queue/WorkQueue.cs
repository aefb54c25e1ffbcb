namespace Coxswain.Runtime.Queue;

/// <summary>
/// The basic de-duplicating work queue (client-go's <c>workqueue.Typed</c>). Bookkeeping follows client-go: the
/// <em>dirty</em> set holds every item that needs processing, the <em>processing</em> set every item a worker holds;
/// an item in both is parked until its worker calls <see cref="Done"/>, which is what keeps one item away from two
/// workers at once.
/// </summary>
public class WorkQueue<T> : IWorkQueue<T>, IDisposable where T : notnull
{
    private readonly Lock _gate = new();
    private readonly Queue<T> _queue = new();
    private readonly HashSet<T> _dirty = new();
    private readonly HashSet<T> _processing = new();
    private readonly LinkedList<TaskCompletionSource<QueueItem<T>>> _waiters = new();
    private readonly IWorkQueueMetrics<T> _metrics;
    private readonly ITimer? _unfinishedWorkTimer;
    private TaskCompletionSource? _drained;
    private bool _shuttingDown;

    public WorkQueue(WorkQueueOptions? options = null)
    {
        options ??= new WorkQueueOptions();
        TimeProvider = options.TimeProvider;
        if (string.IsNullOrEmpty(options.Name))
        {
            _metrics = NoWorkQueueMetrics<T>.Instance;
        }
        else
        {
            var families = (options.Metrics ?? Observability.RuntimeMetrics.Default).WorkQueue;
            _metrics = new WorkQueueMetrics<T>(families, options.Name, options.Controller, TimeProvider);
            _unfinishedWorkTimer = TimeProvider.CreateTimer(
                _ => UpdateUnfinishedWork(), null, options.UnfinishedWorkUpdatePeriod, options.UnfinishedWorkUpdatePeriod);
        }
    }

    /// <summary>The clock the queue measures with.</summary>
    protected TimeProvider TimeProvider { get; }

    /// <summary>The metrics sink, for derived queues that record retries.</summary>
    protected IWorkQueueMetrics<T> Metrics => _metrics;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    public bool IsShuttingDown
    {
        get
        {
            lock (_gate)
            {
                return _shuttingDown;
            }
        }
    }

    public void Add(T item)
    {
        lock (_gate)
        {
            if (_shuttingDown || !_dirty.Add(item))
            {
                return;
            }

            _metrics.Added(item);
            if (!_processing.Contains(item))
            {
                Enqueue(item);
            }
        }
    }

    public ValueTask<QueueItem<T>> GetAsync(CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        TaskCompletionSource<QueueItem<T>> waiter;
        LinkedListNode<TaskCompletionSource<QueueItem<T>>> node;
        lock (_gate)
        {
            if (_queue.TryDequeue(out var item))
            {
                return ValueTask.FromResult(StartProcessing(item));
            }

            if (_shuttingDown)
            {
                return ValueTask.FromResult(QueueItem<T>.ShutDown);
            }

            waiter = new TaskCompletionSource<QueueItem<T>>(TaskCreationOptions.RunContinuationsAsynchronously);
            node = _waiters.AddLast(waiter);
        }

        return WaitAsync(node, cancellationToken);
    }

    public void Done(T item)
    {
        lock (_gate)
        {
            _metrics.Finished(item);
            _processing.Remove(item);
            // Requeue the instance that was added while processing, not the one passed here: equal items may still
            // carry different payloads (a reconcile request's reason), and the newer one is what the next worker needs.
            if (_dirty.TryGetValue(item, out var readded))
            {
                Enqueue(readded);
            }
            else if (_processing.Count == 0)
            {
                _drained?.TrySetResult();
            }
        }
    }

    public void ShutDown()
    {
        List<TaskCompletionSource<QueueItem<T>>> woken;
        lock (_gate)
        {
            if (_shuttingDown)
            {
                return;
            }

            _shuttingDown = true;
            woken = [.. _waiters];
            _waiters.Clear();
        }

        _unfinishedWorkTimer?.Dispose();
        OnShutDown();
        foreach (var waiter in woken)
        {
            waiter.TrySetResult(QueueItem<T>.ShutDown);
        }
    }

    public Task ShutDownWithDrainAsync(CancellationToken cancellationToken = default)
    {
        Task drained;
        lock (_gate)
        {
            _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_processing.Count == 0)
            {
                _drained.TrySetResult();
            }

            drained = _drained.Task;
        }

        ShutDown();
        return drained.WaitAsync(cancellationToken);
    }

    public void Dispose()
    {
        ShutDown();
        GC.SuppressFinalize(this);
    }

    /// <summary>Called once when the queue shuts down, outside the queue lock; derived queues stop their timers here.</summary>
    protected virtual void OnShutDown()
    {
    }

    /// <summary>Refreshes the unfinished-work gauges; the periodic timer calls it, tests may call it directly.</summary>
    internal void UpdateUnfinishedWork()
    {
        lock (_gate)
        {
            _metrics.UpdateUnfinishedWork();
        }
    }

    // Callers hold _gate. A waiting worker gets the item directly, which keeps FIFO order because workers only wait
    // while the queue is empty.
    private void Enqueue(T item)
    {
        var waiter = _waiters.First;
        if (waiter is null)
        {
            _queue.Enqueue(item);
            return;
        }

        _waiters.RemoveFirst();
        waiter.Value.TrySetResult(StartProcessing(item));
    }

    // Callers hold _gate.
    private QueueItem<T> StartProcessing(T item)
    {
        _metrics.Started(item);
        _processing.Add(item);
        _dirty.Remove(item);
        return new QueueItem<T>(item, false);
    }

    private async ValueTask<QueueItem<T>> WaitAsync(
        LinkedListNode<TaskCompletionSource<QueueItem<T>>> node, CancellationToken cancellationToken)
    {
        // A cancelled waiter leaves the list under the lock, so it can never be handed an item that would then be lost.
        await using var registration = cancellationToken.Register(() =>
        {
            lock (_gate)
            {
                if (node.List is null)
                {
                    return;
                }

                _waiters.Remove(node);
            }

            node.Value.TrySetCanceled(cancellationToken);
        });
        return await node.Value.Task.ConfigureAwait(false);
    }
}
