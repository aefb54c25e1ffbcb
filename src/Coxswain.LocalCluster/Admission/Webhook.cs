using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Selectors;
using Coxswain.LocalCluster.Validation;
using Coxswain.LocalCluster.Validation.Kinds.Admission;

namespace Coxswain.LocalCluster.Admission;

/// <summary>
/// One webhook of a Mutating- or ValidatingWebhookConfiguration, read once per configuration change into the form the
/// dispatchers use. Stored configurations are already defaulted and validated; missing fields still get the v1 defaults
/// so that objects written by other means behave like kube-apiserver's.
/// </summary>
internal sealed record Webhook
{
    public required string Name { get; init; }
    public required string ConfigurationName { get; init; }
    public required bool Mutating { get; init; }
    /// <summary>Identity across reinvocation rounds: configuration, webhook name and position, as kube-apiserver keys it.</summary>
    public required string Uid { get; init; }
    public required IReadOnlyList<WebhookRule> Rules { get; init; }
    public required LabelSelectorOrError NamespaceSelector { get; init; }
    public required LabelSelectorOrError ObjectSelector { get; init; }
    /// <summary>matchPolicy Equivalent: a request may also match through another version of the same resource.</summary>
    public required bool MatchEquivalent { get; init; }
    /// <summary>failurePolicy Ignore: a webhook that cannot be called (or answers nonsense) lets the request through.</summary>
    public required bool FailOpen { get; init; }
    public required string? SideEffects { get; init; }
    public required int TimeoutSeconds { get; init; }
    /// <summary>reinvocationPolicy IfNeeded (mutating only).</summary>
    public required bool ReinvokeIfNeeded { get; init; }
    public required WebhookClientConfig ClientConfig { get; init; }
    public required IReadOnlyList<string> AdmissionReviewVersions { get; init; }
    /// <summary>
    /// CEL matchConditions are not evaluated by the local server: a webhook that has them is called as if they all held,
    /// so the webhook sees at least what it would on kube-apiserver and can decide for itself.
    /// </summary>
    public required bool HasMatchConditions { get; init; }

    /// <summary>The <c>type</c> label of kube-apiserver's webhook metrics.</summary>
    public string MetricsType => Mutating ? "admit" : "validating";

    /// <summary>Whether a dry-run request may be sent to this webhook (sideEffects None or NoneOnDryRun).</summary>
    public bool SupportsDryRun => SideEffects is "None" or "NoneOnDryRun";

    public static Webhook Parse(JsonObject webhook, string configurationName, int index, bool mutating)
    {
        var name = webhook.StrOrEmpty("name");
        return new Webhook
        {
            Name = name,
            ConfigurationName = configurationName,
            Mutating = mutating,
            Uid = $"{configurationName}/{name}/{index}",
            Rules = webhook.Arr("rules").Objects().Select(r => WebhookRule.Parse(r.Item)).ToList(),
            // v1 defaulting turns an absent selector into {}: match everything.
            NamespaceSelector = LabelSelectorOrError.Parse(webhook.Obj("namespaceSelector") ?? new JsonObject()),
            ObjectSelector = LabelSelectorOrError.Parse(webhook.Obj("objectSelector") ?? new JsonObject()),
            MatchEquivalent = (webhook.Str("matchPolicy") ?? "Equivalent") == "Equivalent",
            FailOpen = webhook.Str("failurePolicy") == "Ignore",
            SideEffects = webhook.Str("sideEffects"),
            TimeoutSeconds = (int)(webhook.Long("timeoutSeconds") ?? WebhookDefaults.DefaultTimeoutSeconds),
            ReinvokeIfNeeded = mutating && webhook.Str("reinvocationPolicy") == "IfNeeded",
            ClientConfig = WebhookClientConfig.Parse(webhook.Obj("clientConfig")),
            AdmissionReviewVersions = webhook.Arr("admissionReviewVersions").Strings().Select(s => s.Value).ToList(),
            HasMatchConditions = webhook.Arr("matchConditions") is { Count: > 0 },
        };
    }
}

/// <summary>A parsed label selector, or apimachinery's error for one that cannot be parsed (reported when it is evaluated).</summary>
internal sealed record LabelSelectorOrError(LabelSelector? Selector, string? Error)
{
    public static LabelSelectorOrError Parse(JsonObject? selector)
    {
        try
        {
            return new(LabelSelector.FromLabelSelectorJson(selector), null);
        }
        catch (InvalidLabelSelectorException e)
        {
            return new(null, e.Message);
        }
    }
}
