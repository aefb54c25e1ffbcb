using System.Net;
using System.Text.Json.Nodes;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Patching;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Logging;

namespace Coxswain.Runtime.Webhooks;

/// <summary>
/// Writes the CA into <c>clientConfig.caBundle</c> of every webhook of the named Mutating/ValidatingWebhookConfigurations,
/// and of the conversion webhook of the named CustomResourceDefinitions, so the API server trusts the serving
/// certificate. Only webhooks whose bundle differs are patched, each with a JSON patch that first tests the webhook's
/// name at that index — a configuration re-applied meanwhile fails the patch instead of getting a bundle in the wrong place.
/// </summary>
internal sealed class CaBundleInjector(Kubernetes client, IReadOnlyList<string> mutating, IReadOnlyList<string> validating, IReadOnlyList<string> crds, ILogger logger)
{
    private readonly ResourceClient<V1MutatingWebhookConfiguration> _mutating = new(client);
    private readonly ResourceClient<V1ValidatingWebhookConfiguration> _validating = new(client);
    private readonly ResourceClient<V1CustomResourceDefinition> _crds = new(client);

    /// <summary>Patches whatever lacks <paramref name="caPem"/>; returns false when some object could not be patched (retried on the next refresh).</summary>
    public async Task<bool> InjectAsync(string caPem, CancellationToken cancellationToken)
    {
        var bundle = System.Text.Encoding.UTF8.GetBytes(caPem);
        var ok = true;
        foreach (var name in mutating)
        {
            ok &= await PatchAsync(_mutating, "MutatingWebhookConfiguration", name, c => c.Webhooks?.Select(w => (w.Name, w.ClientConfig?.CaBundle)), bundle, cancellationToken).ConfigureAwait(false);
        }

        foreach (var name in validating)
        {
            ok &= await PatchAsync(_validating, "ValidatingWebhookConfiguration", name, c => c.Webhooks?.Select(w => (w.Name, w.ClientConfig?.CaBundle)), bundle, cancellationToken).ConfigureAwait(false);
        }

        foreach (var name in crds)
        {
            ok &= await PatchConversionAsync(name, bundle, cancellationToken).ConfigureAwait(false);
        }

        return ok;
    }

    private async Task<bool> PatchAsync<T>(
        ResourceClient<T> configurations, string kind, string name, Func<T, IEnumerable<(string Name, byte[]? CaBundle)>?> webhooks, byte[] bundle, CancellationToken cancellationToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        return await AttemptAsync(kind, name, async () =>
        {
            var configuration = await configurations.GetAsync(null, name, cancellationToken).ConfigureAwait(false);
            var patch = new JsonPatchBuilder();
            var changed = 0;
            foreach (var (webhook, index) in (webhooks(configuration) ?? []).Select((w, i) => (w, i)))
            {
                if (webhook.CaBundle is { } current && current.AsSpan().SequenceEqual(bundle))
                {
                    continue;
                }

                patch.Test($"/webhooks/{index}/name", webhook.Name).Add($"/webhooks/{index}/clientConfig/caBundle", Convert.ToBase64String(bundle));
                changed++;
            }

            if (changed > 0)
            {
                await configurations.PatchAsync(null, name, patch.ToPatch(), cancellationToken: cancellationToken).ConfigureAwait(false);
                WebhookLog.CaBundleInjected(logger, kind, name, changed);
            }
        }).ConfigureAwait(false);
    }

    private Task<bool> PatchConversionAsync(string name, byte[] bundle, CancellationToken cancellationToken) =>
        AttemptAsync("CustomResourceDefinition", name, async () =>
        {
            var crd = await _crds.GetAsync(null, name, cancellationToken).ConfigureAwait(false);
            if (crd.Spec.Conversion is not { Strategy: "Webhook", Webhook.ClientConfig: { } clientConfig }
                || (clientConfig.CaBundle is { } current && current.AsSpan().SequenceEqual(bundle)))
            {
                return;
            }

            var patch = new JsonPatchBuilder()
                .Test("/spec/conversion/strategy", JsonValue.Create("Webhook"))
                .Add("/spec/conversion/webhook/clientConfig/caBundle", Convert.ToBase64String(bundle));
            await _crds.PatchAsync(null, name, patch.ToPatch(), cancellationToken: cancellationToken).ConfigureAwait(false);
            WebhookLog.CaBundleInjected(logger, "CustomResourceDefinition", name, 1);
        });

    private async Task<bool> AttemptAsync(string kind, string name, Func<Task> patch)
    {
        try
        {
            await patch().ConfigureAwait(false);
            return true;
        }
        catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            WebhookLog.CaBundleTargetMissing(logger, kind, name);
            return false;
        }
        catch (Exception e) when (e is KubernetesApiException or HttpRequestException)
        {
            WebhookLog.CaBundleInjectionFailed(logger, kind, name, e.Message);
            return false;
        }
    }
}
