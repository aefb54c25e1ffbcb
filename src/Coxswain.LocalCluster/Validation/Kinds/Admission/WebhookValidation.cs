using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;
using Coxswain.LocalCluster.Validation.Meta;

namespace Coxswain.LocalCluster.Validation.Kinds.Admission;

/// <summary>
/// Validating/MutatingWebhookConfiguration webhooks (pkg/apis/admissionregistration/validation). On update some rules
/// are relaxed when the stored object already broke them, so objects from older servers stay updatable.
/// </summary>
public static class WebhookValidation
{
    static readonly string[] FailurePolicies = ["Fail", "Ignore"];
    static readonly string[] MatchPolicies = ["Equivalent", "Exact"];
    static readonly string[] AllSideEffects = ["None", "NoneOnDryRun", "Some", "Unknown"];
    static readonly string[] NoSideEffects = ["None", "NoneOnDryRun"];
    static readonly string[] ReinvocationPolicies = ["IfNeeded", "Never"];
    static readonly string[] Operations = ["*", "CONNECT", "CREATE", "DELETE", "UPDATE"];
    static readonly string[] Scopes = ["*", "Cluster", "Namespaced"];
    static readonly string[] AcceptedReviewVersions = ["v1", "v1beta1"];

    /// <summary>What the old object permits on update; all rules are strict on create.</summary>
    public sealed record Options(bool RequireNoSideEffects, bool RequireRecognizedReviewVersion, bool RequireUniqueNames)
    {
        public static readonly Options Strict = new(true, true, true);

        public static Options FromStored(JsonObject old)
        {
            var hooks = old.Arr("webhooks").Objects().Select(h => h.Item).ToList();
            return new(
                RequireNoSideEffects: hooks.All(h => NoSideEffects.Contains(h.StrOrEmpty("sideEffects"))),
                RequireRecognizedReviewVersion: hooks.All(h =>
                    h.Arr("admissionReviewVersions") is not { Count: > 0 } versions || versions.Strings().Any(v => AcceptedReviewVersions.Contains(v.Value))),
                RequireUniqueNames: hooks.Select(h => h.StrOrEmpty("name")).Distinct().Count() == hooks.Count);
        }
    }

    public static IEnumerable<FieldError> Validate(JsonObject configuration, bool mutating, Options options)
    {
        var names = new HashSet<string>();
        foreach (var (i, webhook) in configuration.Arr("webhooks").Objects())
        {
            var path = FieldPath.Root("webhooks").Index(i);
            foreach (var e in ValidateWebhook(webhook, mutating, options, path)) yield return e;
            foreach (var e in ValidateReviewVersions(webhook.Arr("admissionReviewVersions"), options, path.Child("admissionReviewVersions"))) yield return e;
            var name = webhook.StrOrEmpty("name");
            if (options.RequireUniqueNames && name.Length > 0 && !names.Add(name)) yield return FieldError.Duplicate(path.Child("name"), name);
        }
    }

    static IEnumerable<FieldError> ValidateWebhook(JsonObject webhook, bool mutating, Options options, FieldPath path)
    {
        foreach (var e in DnsNames.IsFullyQualifiedName(path.Child("name"), webhook.StrOrEmpty("name"))) yield return e;
        foreach (var (i, rule) in webhook.Arr("rules").Objects())
            foreach (var e in ValidateRule(rule, path.Child("rules").Index(i))) yield return e;
        foreach (var e in OptionalEnum(webhook, "failurePolicy", FailurePolicies, path)) yield return e;
        foreach (var e in OptionalEnum(webhook, "matchPolicy", MatchPolicies, path)) yield return e;

        var allowedSideEffects = options.RequireNoSideEffects ? NoSideEffects : AllSideEffects;
        if (webhook.Str("sideEffects") is not { } sideEffects)
            yield return FieldError.Required(path.Child("sideEffects"), $"must specify one of {string.Join(", ", allowedSideEffects)}");
        else if (!allowedSideEffects.Contains(sideEffects))
            yield return FieldError.NotSupported(path.Child("sideEffects"), sideEffects, allowedSideEffects);

        if (webhook.Long("timeoutSeconds") is { } timeout && timeout is > 30 or < 1)
            yield return FieldError.Invalid(path.Child("timeoutSeconds"), timeout, "the timeout value must be between 1 and 30 seconds");
        foreach (var selector in (string[])["namespaceSelector", "objectSelector"])
            foreach (var e in LabelValidation.ValidateLabelSelector(webhook.Obj(selector), path.Child(selector))) yield return e;
        if (mutating)
            foreach (var e in OptionalEnum(webhook, "reinvocationPolicy", ReinvocationPolicies, path)) yield return e;
        foreach (var e in ValidateClientConfig(webhook.Obj("clientConfig"), path.Child("clientConfig"))) yield return e;
    }

    static IEnumerable<FieldError> OptionalEnum(JsonObject webhook, string field, string[] supported, FieldPath path)
    {
        if (webhook.Str(field) is { } value && !supported.Contains(value)) yield return FieldError.NotSupported(path.Child(field), value, supported);
    }

    static IEnumerable<FieldError> ValidateReviewVersions(JsonArray? versions, Options options, FieldPath path)
    {
        if (versions is not { Count: > 0 })
        {
            yield return FieldError.Required(path, $"must specify one of {string.Join(", ", AcceptedReviewVersions)}");
            yield break;
        }
        var seen = new HashSet<string>();
        var accepted = false;
        foreach (var (i, version) in versions.Strings())
        {
            if (!seen.Add(version))
            {
                yield return FieldError.Invalid(path.Index(i), version, "duplicate version");
                continue;
            }
            foreach (var m in DnsNames.IsDns1035Label(version)) yield return FieldError.Invalid(path.Index(i), version, m);
            accepted |= AcceptedReviewVersions.Contains(version);
        }
        if (options.RequireRecognizedReviewVersion && !accepted)
            yield return FieldError.Invalid(path, GoValues.StringSlice(versions), $"must include at least one of {string.Join(", ", AcceptedReviewVersions)}");
    }

    static IEnumerable<FieldError> ValidateRule(JsonObject rule, FieldPath path)
    {
        var operations = rule.Arr("operations").Strings().Select(s => s.Value).ToList();
        if (operations.Count == 0) yield return FieldError.Required(path.Child("operations"));
        if (operations.Count > 1 && operations.Contains("*"))
            yield return FieldError.Invalid(path.Child("operations"), GoValues.StringSlice(rule.Arr("operations"), "admissionregistration.OperationType"),
                "if '*' is present, must not specify other operations");
        for (var i = 0; i < operations.Count; i++)
            if (!Operations.Contains(operations[i])) yield return FieldError.NotSupported(path.Child("operations").Index(i), operations[i], Operations);

        var groups = rule.Arr("apiGroups");
        if (groups is not { Count: > 0 }) yield return FieldError.Required(path.Child("apiGroups"));
        if (groups is { Count: > 1 } && groups.Strings().Any(g => g.Value == "*"))
            yield return FieldError.Invalid(path.Child("apiGroups"), GoValues.StringSlice(groups), "if '*' is present, must not specify other API groups");
        var versions = rule.Arr("apiVersions");
        if (versions is not { Count: > 0 }) yield return FieldError.Required(path.Child("apiVersions"));
        if (versions is { Count: > 1 } && versions.Strings().Any(v => v.Value == "*"))
            yield return FieldError.Invalid(path.Child("apiVersions"), GoValues.StringSlice(versions), "if '*' is present, must not specify other API versions");
        foreach (var (i, version) in versions.Strings())
            if (version.Length == 0) yield return FieldError.Required(path.Child("apiVersions").Index(i));
        foreach (var e in ValidateResources(rule.Arr("resources"), path.Child("resources"))) yield return e;
        if (rule.Str("scope") is { } scope && !Scopes.Contains(scope)) yield return FieldError.NotSupported(path.Child("scope"), scope, Scopes);
    }

    /// <summary>Resources with optional subresources: "pods", "pods/status", "*/status", "pods/*", "*" or "*/*".</summary>
    static IEnumerable<FieldError> ValidateResources(JsonArray? resources, FieldPath path)
    {
        if (resources is not { Count: > 0 }) yield return FieldError.Required(path);
        var withWildcardSubresource = new HashSet<string>();
        var subresourcesOfWildcard = new HashSet<string>();
        bool doubleWildcard = false, singleWildcard = false, withoutSubresource = false;
        foreach (var (i, item) in resources.Strings())
        {
            if (item.Length == 0)
            {
                yield return FieldError.Required(path.Index(i));
                continue;
            }
            doubleWildcard |= item == "*/*";
            singleWildcard |= item == "*";
            var slash = item.IndexOf('/');
            if (slash < 0)
            {
                withoutSubresource = item != "*";
                continue;
            }
            var (resource, subresource) = (item[..slash], item[(slash + 1)..]);
            if (withWildcardSubresource.Contains(resource))
                yield return FieldError.Invalid(path.Index(i), item, $"if '{resource}/*' is present, must not specify {item}");
            if (subresourcesOfWildcard.Contains(subresource))
                yield return FieldError.Invalid(path.Index(i), item, $"if '*/{subresource}' is present, must not specify {item}");
            if (subresource == "*") withWildcardSubresource.Add(resource);
            if (resource == "*") subresourcesOfWildcard.Add(subresource);
        }
        if (resources is { Count: > 1 } && doubleWildcard)
            yield return FieldError.Invalid(path, GoValues.StringSlice(resources), "if '*/*' is present, must not specify other resources");
        if (singleWildcard && withoutSubresource)
            yield return FieldError.Invalid(path, GoValues.StringSlice(resources), "if '*' is present, must not specify other resources without subresources");
    }

    static IEnumerable<FieldError> ValidateClientConfig(JsonObject? clientConfig, FieldPath path)
    {
        var url = clientConfig.Str("url");
        var service = clientConfig.Obj("service");
        if ((url is null) == (service is null))
        {
            yield return FieldError.Required(path, "exactly one of url or service is required");
            yield break;
        }
        var errors = url is not null ? WebhookClientValidation.ValidateUrl(path.Child("url"), url) : WebhookClientValidation.ValidateService(path.Child("service"), service!);
        foreach (var e in errors) yield return e;
    }
}
