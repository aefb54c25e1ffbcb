using Microsoft.Extensions.DependencyInjection;

namespace Coxswain.Runtime.Hosting;

/// <summary>
/// The manager's probes. Liveness (<c>/healthz</c>) is <c>ping</c>: the process answers. Readiness (<c>/readyz</c>) adds
/// <c>informers-synced</c>: every controller's caches hold their first complete list — on followers too, which keep
/// warm caches so they can take over at once. Add your own checks to either.
/// </summary>
public sealed class ManagerHealth
{
    public ManagerHealth(ControllerManager manager, IServiceProvider services)
    {
        Liveness = new HealthChecks().Add("ping", () => true);
        Readiness = new HealthChecks().Add("ping", () => true).Add("informers-synced", () => manager.CachesSynced);
        foreach (var registration in services.GetServices<HealthCheckRegistration>())
        {
            (registration.Readiness ? Readiness : Liveness).Add(registration.Name, registration.Check(services));
        }
    }

    public HealthChecks Liveness { get; }

    public HealthChecks Readiness { get; }
}
