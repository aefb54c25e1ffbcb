using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coxswain.LocalCluster.Admission;

/// <summary>
/// Admission through the Mutating- and ValidatingWebhookConfigurations stored in the cluster, as kube-apiserver's
/// MutatingAdmissionWebhook and ValidatingAdmissionWebhook plugins do it. Webhook configurations themselves are never
/// sent to webhooks, so a broken webhook can always be removed.
/// </summary>
/// <remarks>
/// Not modelled: CEL matchConditions (webhooks that have them are called as if they held), conversion webhooks for
/// matchPolicy Equivalent (other versions of a custom resource are reached by rewriting apiVersion, as conversion None
/// does), and the Scale object for <c>/scale</c> writes (webhooks receive the parent object with subResource "scale").
/// </remarks>
public sealed class WebhookAdmission : IAdmission, IDisposable
{
    static readonly HashSet<string> ExemptKinds =
    [
        "MutatingWebhookConfiguration", "ValidatingWebhookConfiguration",
        "ValidatingAdmissionPolicy", "ValidatingAdmissionPolicyBinding",
        "MutatingAdmissionPolicy", "MutatingAdmissionPolicyBinding",
    ];

    readonly WebhookSource source;
    readonly WebhookHttpClients clients = new();
    readonly MutatingWebhookDispatcher mutating;
    readonly ValidatingWebhookDispatcher validating;

    public WebhookAdmission(ObjectStore store, ResourceCatalog catalog, AdmissionMetrics metrics, ILogger<WebhookAdmission>? logger = null)
    {
        source = new WebhookSource(store);
        var matcher = new WebhookMatcher(store, catalog);
        HttpCaller = new WebhookHttpCaller(new WebhookEndpointResolver(store), clients);
        var invoker = new WebhookInvoker(new WebhookCaller(HttpCaller), metrics,
            (ILogger?)logger ?? NullLogger.Instance);
        mutating = new MutatingWebhookDispatcher(matcher, invoker, metrics);
        validating = new ValidatingWebhookDispatcher(matcher, invoker);
    }

    /// <summary>The webhook HTTP client, also what CRD conversion webhooks are called through.</summary>
    internal WebhookHttpCaller HttpCaller { get; }

    static bool IsExempt(ResourceDefinition r) => r.Group == "admissionregistration.k8s.io" && ExemptKinds.Contains(r.Kind);

    public Task<JsonObject?> AdmitAsync(AdmissionAttributes attributes)
    {
        var webhooks = source.Mutating;
        return webhooks.Count == 0 || IsExempt(attributes.Resource)
            ? Task.FromResult(attributes.Object)
            : mutating.DispatchAsync(webhooks, attributes);
    }

    public Task ValidateAsync(AdmissionAttributes attributes)
    {
        var webhooks = source.Validating;
        return webhooks.Count == 0 || IsExempt(attributes.Resource)
            ? Task.CompletedTask
            : validating.DispatchAsync(webhooks, attributes);
    }

    public void Dispose() => clients.Dispose();
}
