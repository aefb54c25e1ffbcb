using Coxswain.Runtime.Controllers;

namespace Coxswain.Runtime.Tests.Integration.Support;

/// <summary>Runs a controller in the background for the duration of a test; disposing shuts it down gracefully.</summary>
internal sealed class ControllerRun : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _running;

    public ControllerRun(Controller controller)
    {
        _running = Task.Run(() => controller.RunAsync(_stop.Token));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running.WaitAsync(TimeSpan.FromSeconds(10));
    }
}
