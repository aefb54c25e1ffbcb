using System.Text.Json.Nodes;
using Coxswain.Runtime.Patching;

namespace Coxswain.Runtime.Webhooks;

/// <summary>
/// Runs an <see cref="IMutatingWebhook{T}"/> and computes its patch. The patch is the difference between the object as
/// <typeparamref name="T"/> carried it before and after the handler — not between the raw request and the result —
/// so fields the type does not model are left alone instead of being removed.
/// </summary>
internal sealed class MutatingAdmissionHandler<T>(IMutatingWebhook<T> webhook) : IAdmissionHandler where T : class
{
    public async Task<(AdmissionDecision Decision, JsonArray? Patch)> HandleAsync(JsonObject request, CancellationToken cancellationToken)
    {
        var typed = AdmissionReviewCodec.Decode<T>(request);
        var before = AdmissionReviewCodec.Encode(typed.Object);
        var decision = await webhook.MutateAsync(typed, cancellationToken).ConfigureAwait(false);
        if (!decision.Allowed)
        {
            return (decision, null);
        }

        return (decision, decision.Patch ?? (typed.Object is null ? null : JsonPatchDiff.CreatePatch(before, AdmissionReviewCodec.Encode(typed.Object))));
    }
}
