namespace Coxswain.Runtime.Backoff;

/// <summary>A retry delay policy (kube-rs's <c>Backoff</c>): successive failures wait longer, a success resets it.</summary>
public interface IBackoff
{
    /// <summary>The delay before the next retry; each call counts one more failure.</summary>
    TimeSpan NextDelay();

    /// <summary>Forgets past failures after a success.</summary>
    void Reset();
}
