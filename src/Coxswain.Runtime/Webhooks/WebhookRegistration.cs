namespace Coxswain.Runtime.Webhooks;

/// <summary>A webhook path and how to build its handler from the container (added by the manager builder).</summary>
internal sealed record WebhookRegistration(string Path, string Type, Func<IServiceProvider, IAdmissionHandler> Handler);
