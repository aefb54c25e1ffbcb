using k8s.Models;

namespace Coxswain.Runtime.Events.Correlation;

/// <summary>
/// Limits how many events one source writes about one object (client-go's <c>EventSourceObjectSpamFilter</c>): a token
/// bucket per source and object, <see cref="EventCorrelatorOptions.SpamBurst"/> deep, refilled at
/// <see cref="EventCorrelatorOptions.SpamRefillPerSecond"/>. A CloneSet creating 1,000 pods thus writes 25
/// <c>SuccessfulCreate</c> events, not 1,000 — the API server's write budget goes to the pods.
/// </summary>
internal sealed class EventSpamFilter(EventCorrelatorOptions options, TimeProvider time)
{
    private readonly LruCache<string, TokenBucket> _buckets = new(options.CacheSize);

    /// <summary>Whether the event must be dropped.</summary>
    public bool Filter(Corev1Event ev)
    {
        var key = SpamKey(ev);
        var now = time.GetUtcNow();
        if (!_buckets.TryGet(key, out var bucket))
        {
            bucket = new TokenBucket(options.SpamBurst, now);
        }

        var accepted = bucket.TryTake(now, options.SpamBurst, options.SpamRefillPerSecond, out var next);
        _buckets.Set(key, next);
        return !accepted;
    }

    // client-go's getSpamKey: the source and the object, whatever the reason or message.
    private static string SpamKey(Corev1Event ev) => string.Concat(
        ev.Source?.Component, ev.Source?.Host, ev.InvolvedObject.Kind, ev.InvolvedObject.NamespaceProperty,
        ev.InvolvedObject.Name, ev.InvolvedObject.Uid, ev.InvolvedObject.ApiVersion);

    private readonly record struct TokenBucket(double Tokens, DateTimeOffset Updated)
    {
        public bool TryTake(DateTimeOffset now, int burst, double refillPerSecond, out TokenBucket next)
        {
            var tokens = Math.Min(burst, Tokens + (Math.Max(0, (now - Updated).TotalSeconds) * refillPerSecond));
            if (tokens >= 1)
            {
                next = new TokenBucket(tokens - 1, now);
                return true;
            }

            next = new TokenBucket(tokens, now);
            return false;
        }
    }
}
