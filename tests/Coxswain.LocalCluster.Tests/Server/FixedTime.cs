namespace Coxswain.LocalCluster.Tests.Server;

/// <summary>A clock stopped at a chosen instant, to exercise expiry without waiting years.</summary>
internal sealed class FixedTime(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public FixedTime Plus(TimeSpan elapsed) => new(now + elapsed);
}
