using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Storage;

namespace Coxswain.LocalCluster.Admission;

/// <summary>A webhook to call, and the version of the resource it is to receive (the request's, unless matched through an equivalent).</summary>
internal sealed record WebhookInvocation(Webhook Webhook, ResourceDefinition Resource);

/// <summary>
/// Decides whether a webhook is called for a request (apiserver's generic Webhook.ShouldCallHook): namespaceSelector,
/// objectSelector, then rules, with matchPolicy Equivalent trying the other served versions of the same resource.
/// Selector failures only count for webhooks whose rules match, as upstream.
/// </summary>
internal sealed class WebhookMatcher(ObjectStore store, ResourceCatalog catalog)
{
    /// <summary>The invocation, or null when the webhook does not apply.</summary>
    /// <exception cref="StatusError">404 when the request's namespace does not exist and the namespaceSelector needs its labels; 500 for an unparsable selector.</exception>
    public WebhookInvocation? Match(Webhook webhook, AdmissionAttributes a)
    {
        var (namespaceMatches, namespaceError) = MatchNamespaceSelector(webhook, a);
        if (!namespaceMatches && namespaceError is null) return null;
        var (objectMatches, objectError) = MatchObjectSelector(webhook, a);
        if (!objectMatches && objectError is null) return null;

        var invocation = MatchRules(webhook, a);
        if (invocation is null) return null;
        if (namespaceError is not null) throw namespaceError;
        if (objectError is not null) throw objectError;
        return invocation;
    }

    static bool IsNamespaced(AdmissionAttributes a) =>
        !AdmissionAttributes.IsNamespace(a.Resource) && !string.IsNullOrEmpty(a.Namespace);

    WebhookInvocation? MatchRules(Webhook webhook, AdmissionAttributes a)
    {
        var r = a.Resource;
        var namespaced = IsNamespaced(a);
        if (webhook.Rules.Any(rule => rule.Matches(a.Operation, r.Group, r.Version, r.Plural, a.Subresource, namespaced)))
            return new WebhookInvocation(webhook, r);
        if (!webhook.MatchEquivalent) return null;

        // Equivalent resources here are the other served versions of the same group/resource (custom resources with several
        // versions); kube's cross-group equivalents (e.g. extensions/v1beta1 deployments) are not served by the local cluster.
        var equivalents = catalog.All.Where(x => x.Group == r.Group && x.Plural == r.Plural && x.Version != r.Version).ToList();
        foreach (var rule in webhook.Rules)
            foreach (var equivalent in equivalents)
                if (rule.Matches(a.Operation, equivalent.Group, equivalent.Version, equivalent.Plural, a.Subresource, namespaced))
                    return new WebhookInvocation(webhook, equivalent);
        return null;
    }

    /// <summary>
    /// The labels of the request's namespace decide. Cluster-scoped objects are never excluded, except Namespaces
    /// themselves, which are judged by their own labels (the new ones on create and update).
    /// </summary>
    (bool Matches, StatusError? Error) MatchNamespaceSelector(Webhook webhook, AdmissionAttributes a)
    {
        var isNamespace = AdmissionAttributes.IsNamespace(a.Resource);
        if (string.IsNullOrEmpty(a.Namespace) && !isNamespace) return (true, null);
        var (selector, error) = webhook.NamespaceSelector;
        if (error is not null) return (false, StatusError.Internal(error));
        if (selector!.IsEmpty) return (true, null);

        if (isNamespace && a.Subresource is null && a.Operation is AdmissionOperation.Create or AdmissionOperation.Update && a.Object is not null)
            return (selector.MatchesObject(a.Object), null);
        var name = a.Namespace ?? a.Name;
        var stored = store.Get(ObjectKeys.For(BuiltInResources.Namespaces, null, name));
        return stored is null
            ? (false, StatusError.NotFound(BuiltInResources.Namespaces, name))
            : (selector.Matches(stored.Attributes.Labels), null);
    }

    /// <summary>The object's labels or the stored object's: either matching is enough (so deletes and label removals are seen).</summary>
    static (bool Matches, StatusError? Error) MatchObjectSelector(Webhook webhook, AdmissionAttributes a)
    {
        var (selector, error) = webhook.ObjectSelector;
        if (error is not null) return (false, StatusError.Internal(error));
        if (selector!.IsEmpty) return (true, null);
        return ((a.Object is { } o && selector.MatchesObject(o)) || (a.OldObject is { } old && selector.MatchesObject(old)), null);
    }
}
