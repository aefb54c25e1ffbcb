using System.Text.Json.Nodes;

namespace Coxswain.Runtime.Webhooks;

/// <summary>An admission handler on raw requests: what the webhook server dispatches a path to.</summary>
internal interface IAdmissionHandler
{
    /// <summary>Decides on <paramref name="request"/>; the patch is null or empty when nothing changes.</summary>
    Task<(AdmissionDecision Decision, JsonArray? Patch)> HandleAsync(JsonObject request, CancellationToken cancellationToken);
}
