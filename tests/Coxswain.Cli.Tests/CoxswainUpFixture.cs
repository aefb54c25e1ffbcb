using System.Diagnostics;

namespace Coxswain.Cli.Tests;

/// <summary>
/// One <c>coxswain up</c> (in memory, ephemeral port) shared by the tests of a class, with kruise-controller-manager
/// rolled out and the real kubectl pointed at it. Stopped (and checked to stop cleanly) when the class is done.
/// </summary>
public sealed class CoxswainUpFixture : IAsyncLifetime
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);
    readonly TemporaryDirectory _directory = new();
    RunningCommand? _up;

    public RunningCommand Up => _up ?? throw new InvalidOperationException("coxswain up is not running");
    public Kubectl Kubectl { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _up = CoxswainCli.Start("up", "--data-dir", _directory.File("data"), "--port", "0", "--in-memory");
        await WaitForAsync(() => Task.FromResult(_up.Output.Contains("export KUBECONFIG=")), "coxswain up to start");
        Directory.CreateDirectory(_directory.File("home"));
        Kubectl = new Kubectl(_directory.File("data", "kubeconfig"), _directory.File("home"));
        await ManagerRolledOutAsync();
    }

    /// <summary>Waits until kruise-controller-manager's rollout is complete (after a restart, too).</summary>
    public Task ManagerRolledOutAsync() =>
        Kubectl.SucceedAsync(["rollout", "status", "deployment/kruise-controller-manager", "-n", "kruise-system", "--timeout=120s"], timeout: Patience);

    /// <summary>Polls <paramref name="condition"/>, failing early with coxswain up's output if it exits.</summary>
    public async Task WaitForAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < Patience)
        {
            if (await condition()) return;
            Assert.False(Up.HasExited, $"coxswain up exited while waiting for {what}:\n{Up.Output}");
            await Task.Delay(500);
        }
        throw new TimeoutException($"waited {Patience} for {what}; coxswain up printed:\n{Up.Output}");
    }

    public async Task DisposeAsync()
    {
        if (_up is not null)
        {
            var exit = await _up.TerminateAsync(TimeSpan.FromSeconds(60));
            _up.Dispose();
            Assert.Equal(0, exit);
        }
        _directory.Dispose();
    }
}
