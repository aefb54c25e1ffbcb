using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Patching;

namespace Coxswain.LocalCluster.Admission;

/// <summary>
/// The mutating phase (apiserver's mutating webhook dispatcher): webhooks run one after another in configuration order,
/// each seeing the object as the previous ones left it; JSON patches are applied, decoded and defaulted; a second round
/// reinvokes the IfNeeded webhooks that a later webhook's change has made stale. Any denial or failure stops the request.
/// </summary>
internal sealed class MutatingWebhookDispatcher(WebhookMatcher matcher, WebhookInvoker invoker, AdmissionMetrics metrics)
{
    public async Task<JsonObject?> DispatchAsync(IReadOnlyList<Webhook> webhooks, AdmissionAttributes a)
    {
        var reinvocation = new ReinvocationTracker();
        a = await RoundAsync(webhooks, a, reinvocation, isReinvocation: false).ConfigureAwait(false);
        if (reinvocation.ShouldReinvoke) a = await RoundAsync(webhooks, a, reinvocation, isReinvocation: true).ConfigureAwait(false);
        return a.Object;
    }

    async Task<AdmissionAttributes> RoundAsync(IReadOnlyList<Webhook> webhooks, AdmissionAttributes a, ReinvocationTracker reinvocation, bool isReinvocation)
    {
        foreach (var webhook in webhooks)
        {
            var invocation = matcher.Match(webhook, a);
            // A webhook skipped in the first round is not called in the second, even if it would match now.
            if (invocation is null || (isReinvocation && !reinvocation.IsReinvoked(webhook))) continue;

            var result = await invoker.InvokeAsync(invocation, a).ConfigureAwait(false);
            if (result is not null)
            {
                foreach (var warning in result.Response.Warnings) a.Warn?.Invoke(warning);
                if (result.Denial is { } denial) throw denial;
                if (result.Patch is { } patch && ApplyObserved(webhook, invocation, a, patch) is { } patched)
                {
                    a = a with { Object = patched };
                    reinvocation.ObjectChanged();
                }
            }
            reinvocation.Invoked(webhook);
        }
        return a;
    }

    /// <summary>A patch that cannot be applied rejects the request; the metrics count it as the server's failure.</summary>
    JsonObject? ApplyObserved(Webhook webhook, WebhookInvocation invocation, AdmissionAttributes a, JsonArray patch)
    {
        try
        {
            return Apply(webhook, invocation, a, patch);
        }
        catch (StatusError)
        {
            metrics.ObserveRejection(webhook, a.Operation, WebhookRejectionKind.ApiServerInternalError, 0);
            throw;
        }
    }

    /// <summary>
    /// Applies a webhook's patch to the object in the version the webhook saw; returns the decoded, defaulted result in the
    /// request's version, or null when the patch changed nothing.
    /// </summary>
    static JsonObject? Apply(Webhook webhook, WebhookInvocation invocation, AdmissionAttributes a, JsonArray patch)
    {
        if (a.Object is null) throw WebhookErrors.PatchWithoutObject(webhook.Name);
        var seen = a.Object.DeepClone().AsObject();
        seen["apiVersion"] = invocation.Resource.ApiVersion;
        seen["kind"] = invocation.Resource.Kind;
        JsonNode patched;
        try
        {
            patched = JsonPatch.Apply(seen, patch);
        }
        catch (JsonPatchException e)
        {
            throw StatusError.Internal(e.Message);
        }
        if (JsonNode.DeepEquals(seen, patched)) return null;
        if (patched is not JsonObject patchedObject)
            throw StatusError.Internal($"json: cannot unmarshal {AdmissionReview.GoJsonType(patched)} into Go value of type map[string]interface {{}}");
        patchedObject["apiVersion"] = a.Resource.ApiVersion;
        return PatchedObjectDecoder.Decode(a.Resource, patchedObject);
    }
}
