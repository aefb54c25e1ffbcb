using System.Text.Json.Nodes;
using Coxswain.Runtime.Patching;

namespace Coxswain.Runtime.Webhooks;

/// <summary>
/// Runs an <see cref="IMutatingWebhook{T}"/> and computes its patch. The API server applies the patch to the object it
/// sent, so the patch is computed from that raw object to the handler's result; but a field is only removed when the
/// handler removed it (it was in the object as <typeparamref name="T"/> carried it before), so fields the type does not
/// model are left alone. Members the typed model always writes (e.g. empty structs) are added where the raw object had
/// none, as the model's defaults.
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

        if (decision.Patch is not null || typed.Object is null)
        {
            return (decision, decision.Patch);
        }

        var raw = request["object"];
        var after = AdmissionReviewCodec.Encode(typed.Object);
        var operations = JsonPatchDiff.Create(raw, after)
            .Where(operation => operation.Op != "remove" || Exists(before, operation.Path));
        return (decision, JsonPatchDiff.ToPatch(operations));
    }

    /// <summary>Whether a JSON pointer names a member or element of <paramref name="document"/>.</summary>
    private static bool Exists(JsonNode? document, string pointer)
    {
        var node = document;
        foreach (var token in pointer.Split('/').Skip(1).Select(t => t.Replace("~1", "/").Replace("~0", "~")))
        {
            node = node switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) => child,
                JsonArray a when int.TryParse(token, out var i) && i >= 0 && i < a.Count => a[i],
                _ => null,
            };
            if (node is null)
            {
                return false;
            }
        }

        return true;
    }
}
