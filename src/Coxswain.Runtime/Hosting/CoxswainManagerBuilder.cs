using Coxswain.Runtime.Controllers;
using Coxswain.Runtime.Informers;
using Coxswain.Runtime.Observability;
using Coxswain.Runtime.Webhooks;
using k8s;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coxswain.Runtime.Hosting;

/// <summary>Registers controllers with the manager (returned by <c>AddCoxswainManager</c>).</summary>
public sealed class CoxswainManagerBuilder
{
    internal CoxswainManagerBuilder(IServiceCollection services)
    {
        Services = services;
    }

    public IServiceCollection Services { get; }

    /// <summary>
    /// A controller of <typeparamref name="T"/> objects reconciled by <typeparamref name="TReconciler"/>, which is resolved
    /// from the container (so it can take <c>ResourceClient&lt;T&gt;</c>, <see cref="SharedInformerFactory"/>,
    /// <see cref="Events.EventBroadcaster"/> or anything else registered). <paramref name="configure"/> adds relations
    /// (<c>Owns</c>, <c>Watches</c>), filters, selectors and options to the builder.
    /// </summary>
    public CoxswainManagerBuilder AddController<T, TReconciler>(Action<ControllerBuilder<T>>? configure = null)
        where T : class, IKubernetesObject<V1ObjectMeta>
        where TReconciler : class, IObjectReconciler<T>
    {
        Services.TryAddSingleton<TReconciler>();
        return AddController((services, builder) =>
        {
            var typed = ControllerBuilder.For<T>(builder.Informers).WithOptions(builder.ApplyDefaults);
            configure?.Invoke(typed);
            return typed.BuildForObject(services.GetRequiredService<TReconciler>().ReconcileAsync);
        });
    }

    /// <summary>Any controller, built from the container when the manager starts.</summary>
    public CoxswainManagerBuilder AddController(Func<IServiceProvider, ControllerDefaults, Controller> build)
    {
        Services.AddSingleton(new ControllerRegistration(provider => build(provider, new ControllerDefaults(
            provider.GetRequiredService<SharedInformerFactory>(),
            provider.GetRequiredService<IOptions<ManagerOptions>>().Value,
            provider.GetRequiredService<Observability.RuntimeMetrics>()))));
        return this;
    }

    /// <summary>Adds a readiness check served on <c>/readyz</c> (and <c>/readyz/&lt;name&gt;</c>).</summary>
    public CoxswainManagerBuilder AddReadinessCheck(string name, Func<IServiceProvider, Func<bool>> check)
    {
        Services.AddSingleton(new HealthCheckRegistration(name, check, Readiness: true));
        return this;
    }

    /// <summary>Adds a liveness check served on <c>/healthz</c> (and <c>/healthz/&lt;name&gt;</c>).</summary>
    public CoxswainManagerBuilder AddHealthCheck(string name, Func<IServiceProvider, Func<bool>> check)
    {
        Services.AddSingleton(new HealthCheckRegistration(name, check, Readiness: false));
        return this;
    }

    /// <summary>
    /// A mutating admission webhook for <typeparamref name="T"/> served at <paramref name="path"/> (e.g.
    /// <c>/mutate-apps-kruise-io-cloneset</c>) by <typeparamref name="THandler"/>, resolved from the container. The first
    /// webhook starts the webhook server and its certificate manager (<see cref="ManagerOptions.Webhook"/>).
    /// </summary>
    public CoxswainManagerBuilder AddMutatingWebhook<T, THandler>(string path)
        where T : class
        where THandler : class, IMutatingWebhook<T>
    {
        Services.TryAddSingleton<THandler>();
        return AddWebhook(new WebhookRegistration(path, "mutating", services => new MutatingAdmissionHandler<T>(services.GetRequiredService<THandler>())));
    }

    /// <summary>A validating admission webhook for <typeparamref name="T"/> served at <paramref name="path"/> by <typeparamref name="THandler"/>.</summary>
    public CoxswainManagerBuilder AddValidatingWebhook<T, THandler>(string path)
        where T : class
        where THandler : class, IValidatingWebhook<T>
    {
        Services.TryAddSingleton<THandler>();
        return AddWebhook(new WebhookRegistration(path, "validating", services => new ValidatingAdmissionHandler<T>(services.GetRequiredService<THandler>())));
    }

    private CoxswainManagerBuilder AddWebhook(WebhookRegistration registration)
    {
        if (!registration.Path.StartsWith('/'))
        {
            throw new ArgumentException($"webhook path \"{registration.Path}\" must start with /", nameof(registration));
        }

        if (Services.Any(d => d.ImplementationInstance is WebhookRegistration other && other.Path == registration.Path))
        {
            throw new InvalidOperationException($"can't register duplicate path: {registration.Path}");
        }

        Services.AddSingleton(registration);
        if (Services.Any(d => d.ServiceType == typeof(WebhookServer)))
        {
            return this;
        }

        Services.AddOptions<ManagerOptions>()
            .Validate(
                o => o.Webhook.CertSecretName is null || !string.IsNullOrEmpty(o.Webhook.ServiceName),
                "Coxswain:Webhook:CertSecretName needs Coxswain:Webhook:ServiceName: the certificate is issued for the Service's DNS names")
            .Validate(
                o => o.Webhook.RenewBefore < o.Webhook.CertificateValidity && o.Webhook.RenewBefore < o.Webhook.CaValidity,
                "Coxswain:Webhook:RenewBefore must be shorter than CertificateValidity and CaValidity, or every certificate would be due at once");
        Services.TryAddSingleton<WebhookCertificateManager>();
        Services.AddSingleton(provider => new WebhookServer(
            provider.GetServices<WebhookRegistration>(), provider, provider.GetRequiredService<WebhookCertificateManager>(),
            provider.GetRequiredService<IOptions<ManagerOptions>>(), provider.GetRequiredService<RuntimeMetrics>(), provider.GetRequiredService<ILoggerFactory>(),
            provider.GetServices<IAdmissionObserver>()));
        Services.AddHostedService(provider => provider.GetRequiredService<WebhookCertificateManager>());
        Services.AddHostedService(provider => provider.GetRequiredService<WebhookServer>());
        return AddReadinessCheck("webhook", provider =>
        {
            var server = provider.GetRequiredService<WebhookServer>();
            return () => server.IsServing;
        });
    }
}
