using System.Diagnostics;
using Coxswain.Runtime.LeaderElection;
using k8s;

namespace Coxswain.Runtime.Tests.Integration.LeaderElection;

/// <summary>
/// Who led when: every candidate's work records the interval it ran in, on one monotonic clock, so a test can check
/// that intervals never overlap and measure hand-over gaps.
/// </summary>
internal sealed class Leadership
{
    private readonly Lock _gate = new();
    private readonly List<Term> _terms = [];
    private int _leading;
    private int _maxLeading;

    public int MaxConcurrentLeaders
    {
        get
        {
            lock (_gate)
            {
                return _maxLeading;
            }
        }
    }

    public IReadOnlyList<Term> Terms
    {
        get
        {
            lock (_gate)
            {
                return [.. _terms];
            }
        }
    }

    /// <summary>Runs one candidate; its work holds a term until its token is cancelled.</summary>
    public Candidate Start(string name, Kubernetes client, LeaderElectionOptions options) => new(this, name, new LeaderElector(client, options));

    private async Task LeadAsync(string name, CancellationToken leading)
    {
        var term = new Term(name, Stopwatch.GetTimestamp());
        lock (_gate)
        {
            _terms.Add(term);
            _maxLeading = Math.Max(_maxLeading, ++_leading);
        }

        try
        {
            await Task.Delay(Timeout.Infinite, leading);
        }
        finally
        {
            lock (_gate)
            {
                _leading--;
                term.End = Stopwatch.GetTimestamp();
            }
        }
    }

    internal sealed class Term(string candidate, long start)
    {
        public string Candidate { get; } = candidate;

        public long Start { get; } = start;

        public long? End { get; set; }
    }

    internal sealed class Candidate : IAsyncDisposable
    {
        private readonly CancellationTokenSource _stop = new();

        public Candidate(Leadership leadership, string name, LeaderElector elector)
        {
            Elector = elector;
            Run = Task.Run(() => elector.RunAsync(leading => leadership.LeadAsync(name, leading), _stop.Token));
        }

        public LeaderElector Elector { get; }

        /// <summary>Completes with true when leadership was lost, false when stopped.</summary>
        public Task<bool> Run { get; }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await Run.WaitAsync(TimeSpan.FromSeconds(10));
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await Run.WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (OperationCanceledException)
            {
            }
        }
    }
}
