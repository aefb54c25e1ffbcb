using Coxswain.Runtime.Controllers;
using Coxswain.Runtime.Informers;
using Coxswain.Runtime.Observability;

namespace Coxswain.Runtime.Hosting;

/// <summary>What the manager gives every controller it builds: the shared informers and its own settings.</summary>
public sealed class ControllerDefaults(SharedInformerFactory informers, ManagerOptions options, RuntimeMetrics metrics)
{
    public SharedInformerFactory Informers { get; } = informers;

    /// <summary>Applies the manager's graceful shutdown timeout and metrics registry to a controller's options.</summary>
    public void ApplyDefaults(ControllerOptions controller)
    {
        controller.GracefulShutdownTimeout = options.GracefulShutdownTimeout;
        controller.Metrics = metrics;
    }
}
