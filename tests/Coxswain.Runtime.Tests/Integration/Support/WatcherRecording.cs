using System.Collections.Concurrent;
using Coxswain.Runtime.Watchers;
using Coxswain.Runtime.Tests.Support;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Integration.Support;

/// <summary>Consumes a watcher in the background, recording each event as <c>Type</c> or <c>Type name</c>.</summary>
internal sealed class WatcherRecording<T> : IAsyncDisposable where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private int _taken;

    public WatcherRecording(ResourceWatcher<T> watcher)
    {
        Watcher = watcher;
        _pump = Task.Run(async () =>
        {
            await foreach (var e in watcher.WatchAsync(_stop.Token))
            {
                Events.Enqueue(e.Object is null ? e.Type.ToString() : $"{e.Type} {e.Object.Metadata.Name}");
            }
        });
    }

    public ResourceWatcher<T> Watcher { get; }

    public ConcurrentQueue<string> Events { get; } = new();

    /// <summary>The next <paramref name="count"/> events not taken yet.</summary>
    public async Task<List<string>> NextAsync(int count, int timeoutMs = 10_000)
    {
        await Eventually.TrueAsync(() => Events.Count >= _taken + count, $"{count} more events arrived (seen: {string.Join(", ", Events)})", timeoutMs);
        var next = Events.Skip(_taken).Take(count).ToList();
        _taken += count;
        return next;
    }

    /// <summary>Skips events until one equal to <paramref name="expected"/> was taken.</summary>
    public async Task SkipUntilAsync(string expected, int timeoutMs = 10_000)
    {
        await Eventually.TrueAsync(() => Events.Skip(_taken).Contains(expected), $"'{expected}' arrived (seen: {string.Join(", ", Events)})", timeoutMs);
        _taken += Events.Skip(_taken).TakeWhile(e => e != expected).Count() + 1;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _pump;
        }
        catch (OperationCanceledException)
        {
        }
    }
}
