using System.Diagnostics;
using System.Text;

namespace Coxswain.Bench.Support;

/// <summary>
/// What a user's kubectl would see while the cluster is busy: a client that, every <c>interval</c>, creates a small
/// ConfigMap and lists one page of pods (<c>limit=100</c>), timing each request from its own side. Runs until disposed.
/// </summary>
public sealed class ApiLatencyProbe : IAsyncDisposable
{
    readonly HttpClient client;
    readonly string ns;
    readonly TimeSpan interval;
    readonly List<long> creates = new();
    readonly List<long> lists = new();
    readonly CancellationTokenSource stop = new();
    readonly Task probing;
    int failures;
    int disposed;

    public ApiLatencyProbe(HttpClient client, string ns, TimeSpan interval)
    {
        this.client = client;
        this.ns = ns;
        this.interval = interval;
        probing = Task.Run(ProbeAsync);
    }

    public int Failures => Volatile.Read(ref failures);

    public LatencyStats Creates
    {
        get { lock (creates) return new LatencyStats(creates); }
    }

    public LatencyStats Lists
    {
        get { lock (lists) return new LatencyStats(lists); }
    }

    async Task ProbeAsync()
    {
        for (var i = 0; !stop.IsCancellationRequested; i++)
        {
            try
            {
                var body = $$$"""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"probe-{{{i:000000}}}"},"data":{"k":"v"}}""";
                await TimeAsync(creates, () => client.PostAsync($"api/v1/namespaces/{ns}/configmaps",
                    new StringContent(body, Encoding.UTF8, "application/json"), stop.Token)).ConfigureAwait(false);
                await TimeAsync(lists, () => client.GetAsync($"api/v1/namespaces/{ns}/pods?limit=100", stop.Token)).ConfigureAwait(false);
                await Task.Delay(interval, stop.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return;
            }
            catch (HttpRequestException)
            {
                Interlocked.Increment(ref failures);
            }
        }
    }

    async Task TimeAsync(List<long> into, Func<Task<HttpResponseMessage>> request)
    {
        var started = Stopwatch.GetTimestamp();
        using var response = await request().ConfigureAwait(false);
        // The whole body counts: a list is only done for its client once the last item has arrived.
        await response.Content.LoadIntoBufferAsync(stop.Token).ConfigureAwait(false);
        var elapsed = Stopwatch.GetTimestamp() - started;
        if (!response.IsSuccessStatusCode)
        {
            Interlocked.Increment(ref failures);
            return;
        }
        lock (into) into.Add(elapsed);
    }

    /// <summary>Stops probing; the figures stay readable. Safe to call more than once.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref disposed, 1) == 1) return;
        await stop.CancelAsync().ConfigureAwait(false);
        await probing.ConfigureAwait(false);
        stop.Dispose();
    }
}
