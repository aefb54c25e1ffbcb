using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Admission;

/// <summary>
/// The outcome of calling one webhook: its answer, the JSON patch to apply (mutating webhooks), and the denial to
/// report when it said no. Warnings are handed back rather than emitted so that parallel calls report them in order.
/// </summary>
internal sealed record WebhookResult(AdmissionResponse Response, JsonArray? Patch, StatusError? Denial);

/// <summary>
/// Calls one webhook with kube-apiserver's surrounding rules, shared by both phases: dry-run and sideEffects, the
/// failurePolicy (Ignore fails open with a log line, Fail becomes a 500 InternalError), audit annotations, and the
/// webhook metrics.
/// </summary>
internal sealed class WebhookInvoker(WebhookCaller caller, AdmissionMetrics metrics, ILogger logger)
{
    /// <summary>The webhook's result, or null when it could not be called and its failurePolicy is Ignore.</summary>
    /// <exception cref="StatusError">500 for a call failure under failurePolicy Fail; 400 for a dry run the webhook cannot take.</exception>
    public async Task<WebhookResult?> InvokeAsync(WebhookInvocation invocation, AdmissionAttributes a)
    {
        var webhook = invocation.Webhook;
        var started = Stopwatch.GetTimestamp();
        AdmissionResponse response;
        JsonArray? patch;
        try
        {
            CheckDryRun(webhook, a);
            response = await caller.CallAsync(webhook, a, invocation.Resource).ConfigureAwait(false);
            patch = webhook.Mutating && response.Allowed ? DecodePatch(webhook, response) : null;
        }
        catch (WebhookCallException e) when (webhook.FailOpen)
        {
            logger.LogWarning("Failed calling webhook, failing open {Webhook}: {Error}", webhook.Name, e.Message);
            metrics.ObserveCall(webhook, a.Operation, rejected: false, Stopwatch.GetElapsedTime(started));
            return null;
        }
        catch (WebhookCallException e)
        {
            logger.LogWarning("Failed calling webhook, failing closed {Webhook}: {Error}", webhook.Name, e.Message);
            metrics.ObserveRejection(webhook, a.Operation, WebhookRejectionKind.CallingWebhookError, 0);
            metrics.ObserveCall(webhook, a.Operation, rejected: true, Stopwatch.GetElapsedTime(started));
            throw StatusError.Internal(e.Message);
        }
        catch (StatusError e)
        {
            metrics.ObserveRejection(webhook, a.Operation, WebhookRejectionKind.ApiServerInternalError, 0);
            metrics.ObserveCall(webhook, a.Operation, rejected: true, Stopwatch.GetElapsedTime(started));
            logger.LogWarning("Webhook {Webhook} not called: {Error}", webhook.Name, e.Message);
            throw;
        }

        // The local server keeps no audit log: annotations are logged so that they can still be seen.
        foreach (var (key, value) in response.AuditAnnotations)
            logger.LogInformation("Admission audit annotation {Key}={Value}", $"{webhook.Name}/{key}", value);

        StatusError? denial = null;
        if (!response.Allowed)
        {
            denial = WebhookErrors.Denied(a, webhook.Name, response.Status);
            metrics.ObserveRejection(webhook, a.Operation, WebhookRejectionKind.NoError, denial.Code);
        }
        metrics.ObserveCall(webhook, a.Operation, rejected: denial is not null, Stopwatch.GetElapsedTime(started));
        return new WebhookResult(response, patch, denial);
    }

    /// <summary>Dry runs only go to webhooks that promise not to act on them (sideEffects None or NoneOnDryRun).</summary>
    static void CheckDryRun(Webhook webhook, AdmissionAttributes a)
    {
        if (!a.DryRun || webhook.SupportsDryRun) return;
        if (webhook.SideEffects is null) throw new WebhookCallException(webhook.Name, "Webhook SideEffects is nil");
        throw WebhookErrors.DryRunUnsupported(webhook.Name);
    }

    /// <summary>The response's patch as JSON Patch operations; null when there is nothing to apply.</summary>
    static JsonArray? DecodePatch(Webhook webhook, AdmissionResponse response)
    {
        if (response.Patch is null) return null;
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(response.Patch);
        }
        catch (JsonException e)
        {
            throw new WebhookCallException(webhook.Name, $"received undecodable patch in webhook response: {e.Message}");
        }
        if (node is not JsonArray operations)
            throw new WebhookCallException(webhook.Name,
                $"received undecodable patch in webhook response: json: cannot unmarshal {AdmissionReview.GoJsonType(node)} into Go value of type jsonpatch.Patch");
        if (operations.Count == 0) return null;
        if (response.PatchType != "JSONPatch") throw new WebhookCallException(webhook.Name, $"unsupported patch type \"{response.PatchType}\"");
        return operations;
    }
}
