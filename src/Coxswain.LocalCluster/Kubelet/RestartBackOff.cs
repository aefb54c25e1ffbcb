namespace Coxswain.LocalCluster.Kubelet;

/// <summary>
/// The kubelet's per-container back-off (client-go flowcontrol.Backoff as the kubelet uses it): the first restart is
/// immediate, then each restart within the back-off window waits twice as long as the last, from the initial delay up to
/// the maximum; after twice the maximum without a restart the delay starts over.
/// </summary>
public sealed class RestartBackOff(TimeSpan initial, TimeSpan max)
{
    TimeSpan current;
    DateTimeOffset lastUpdate;
    bool known;

    public TimeSpan Current => current;

    /// <summary>IsInBackOffSince: whether a restart now, after a container that finished at <paramref name="finishedAt"/>, must wait.</summary>
    public bool InBackOffSince(DateTimeOffset finishedAt, DateTimeOffset now) =>
        known && !Expired(now) && now - finishedAt < current;

    /// <summary>Next: records a restart at <paramref name="now"/> and doubles the delay for the next one.</summary>
    public void Next(DateTimeOffset now)
    {
        current = !known || Expired(now) ? initial : (current * 2 > max ? max : current * 2);
        known = true;
        lastUpdate = now;
    }

    bool Expired(DateTimeOffset now) => now - lastUpdate > max * 2;
}
