using Coxswain.Runtime.Controllers;

namespace Coxswain.Runtime.Hosting;

/// <summary>A controller the manager builds when it starts (registered by <see cref="CoxswainManagerBuilder.AddController"/>).</summary>
public sealed class ControllerRegistration(Func<IServiceProvider, Controller> build)
{
    internal Controller Build(IServiceProvider services) => build(services);
}
