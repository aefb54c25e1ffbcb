namespace Coxswain.Runtime.Events;

/// <summary>Which Event API an <see cref="EventBroadcaster"/> writes.</summary>
public enum EventApi
{
    /// <summary><c>events.k8s.io/v1</c>, client-go's <c>tools/events</c> (the default).</summary>
    EventsV1,

    /// <summary>
    /// The legacy <c>core/v1</c> Events of client-go's <c>tools/record</c>, which kube-controller-manager's workload
    /// controllers still write and which <c>kubectl describe</c> reads.
    /// </summary>
    CoreV1,
}
