using System.Runtime.ExceptionServices;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Admission;

/// <summary>
/// The validating phase (apiserver's validating webhook dispatcher): every matching webhook is called at once and all
/// are awaited; any denial or failure rejects the request. Where several say no, the first in configuration order is
/// reported (kube-apiserver reports whichever answered first), so results do not depend on timing.
/// </summary>
internal sealed class ValidatingWebhookDispatcher(WebhookMatcher matcher, WebhookInvoker invoker)
{
    public async Task DispatchAsync(IReadOnlyList<Webhook> webhooks, AdmissionAttributes a)
    {
        var invocations = webhooks.Select(w => matcher.Match(w, a)).OfType<WebhookInvocation>().ToList();
        if (invocations.Count == 0) return;

        var calls = invocations.Select(i => invoker.InvokeAsync(i, a)).ToList();
        try
        {
            await Task.WhenAll(calls).ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Every call's outcome is examined below, in configuration order.
        }

        Exception? rejection = null;
        foreach (var call in calls)
        {
            if (call.Exception is { } failed)
            {
                rejection ??= failed.InnerException ?? failed;
                continue;
            }
            if (call.Result is not { } result) continue; // failed open
            foreach (var warning in result.Response.Warnings) a.Warn?.Invoke(warning);
            rejection ??= result.Denial;
        }
        if (rejection is not null) ExceptionDispatchInfo.Throw(rejection);
    }
}
