namespace Coxswain.Manifests.Kruise;

/// <summary>Whether a webhook may change the object (mutating) or only admit or deny it (validating).</summary>
public enum WebhookKind { Mutating, Validating }

/// <summary>
/// One OpenKruise admission webhook: its name, the path the manager serves it on and what it intercepts. The manager
/// registers handlers at exactly these paths and the webhook configurations point at them, so a path mismatch cannot
/// happen (upstream's webhook controller silently drops configured webhooks whose path has no handler).
/// </summary>
public sealed record KruiseWebhook(
    string Name,
    string Path,
    WebhookKind Kind,
    string ApiGroup,
    string ApiVersion,
    string Resource,
    IReadOnlyList<string> Operations)
{
    /// <summary>Skips namespaces labelled <c>control-plane</c> (kruise-system itself), so the manager's own pods never wait on it.</summary>
    public bool SkipsControlPlaneNamespaces { get; init; }
}

/// <summary>The webhooks this release serves, with OpenKruise v1.8's names and paths.</summary>
public static class KruiseWebhooks
{
    public static readonly KruiseWebhook MutateCloneSet = new(
        "mcloneset.kb.io", "/mutate-apps-kruise-io-v1alpha1-cloneset", WebhookKind.Mutating,
        "apps.kruise.io", "v1alpha1", "clonesets", ["CREATE", "UPDATE"]);

    public static readonly KruiseWebhook ValidateCloneSet = new(
        "vcloneset.kb.io", "/validate-apps-kruise-io-v1alpha1-cloneset", WebhookKind.Validating,
        "apps.kruise.io", "v1alpha1", "clonesets", ["CREATE", "UPDATE", "DELETE"]);

    public static readonly KruiseWebhook MutatePod = new(
        "mpod.kb.io", "/mutate-pod", WebhookKind.Mutating,
        "", "v1", "pods", ["CREATE"]) { SkipsControlPlaneNamespaces = true };

    public static IReadOnlyList<KruiseWebhook> All { get; } = [MutateCloneSet, ValidateCloneSet, MutatePod];
}
