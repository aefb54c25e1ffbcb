namespace Coxswain.Runtime.Hosting;

/// <summary>A user probe check, added to <see cref="ManagerHealth"/> when it is created.</summary>
internal sealed record HealthCheckRegistration(string Name, Func<IServiceProvider, Func<bool>> Check, bool Readiness);
