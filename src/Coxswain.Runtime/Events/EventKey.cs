using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Events;

/// <summary>
/// What makes two events the same series (client-go's <c>eventKey</c>): action, reason, reporting controller and the
/// complete regarding and related references — including the resource version, so a new version of an object starts a
/// new series.
/// </summary>
internal readonly record struct EventKey(string? Action, string? Reason, string? ReportingController, string Regarding, string? Related)
{
    public static EventKey Of(Eventsv1Event ev) => new(
        ev.Action,
        ev.Reason,
        ev.ReportingController,
        KubernetesJson.Serialize(ev.Regarding),
        ev.Related is null ? null : KubernetesJson.Serialize(ev.Related));
}
