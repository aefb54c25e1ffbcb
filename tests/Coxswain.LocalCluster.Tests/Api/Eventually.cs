namespace Coxswain.LocalCluster.Tests.Api;

/// <summary>Polls for state that in-process controllers reach asynchronously, as they do in a real cluster.</summary>
public static class Eventually
{
    public static async Task<T> Get<T>(Func<Task<T?>> probe, Func<T?, bool> done, TimeSpan? timeout = null, string? what = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(10));
        while (true)
        {
            var value = await probe();
            if (done(value)) return value!;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"timed out waiting for {what ?? "condition"}; last value: {value}");
            await Task.Delay(20);
        }
    }

    public static Task True(Func<Task<bool>> probe, TimeSpan? timeout = null, string? what = null) =>
        Get(probe, ok => ok, timeout, what);
}
