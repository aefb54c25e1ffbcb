namespace Coxswain.Runtime.Tests.Support;

/// <summary>Polls a condition that background work makes true, failing the test after a bounded wait.</summary>
internal static class Eventually
{
    public static async Task TrueAsync(Func<bool> condition, string because, int timeoutMs = 5000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                Assert.Fail($"Timed out waiting until {because}");
            }

            await Task.Delay(2);
        }
    }

    /// <summary>Gives background work a moment, for asserting that something did NOT happen.</summary>
    public static Task SettleAsync() => Task.Delay(50);
}
