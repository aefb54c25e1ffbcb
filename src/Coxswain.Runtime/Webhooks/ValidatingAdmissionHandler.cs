using System.Text.Json.Nodes;

namespace Coxswain.Runtime.Webhooks;

/// <summary>Runs an <see cref="IValidatingWebhook{T}"/>; a validating webhook never patches.</summary>
internal sealed class ValidatingAdmissionHandler<T>(IValidatingWebhook<T> webhook) : IAdmissionHandler where T : class
{
    public async Task<(AdmissionDecision Decision, JsonArray? Patch)> HandleAsync(JsonObject request, CancellationToken cancellationToken) =>
        (await webhook.ValidateAsync(AdmissionReviewCodec.Decode<T>(request), cancellationToken).ConfigureAwait(false), null);
}
