using k8s.Models;

namespace Coxswain.Manifests.Kruise;

/// <summary>
/// The two webhook configurations, pointing at <c>kruise-webhook-service</c>. Their <c>caBundle</c> is left empty: the
/// manager generates its own CA, keeps it in Secret <c>kruise-webhook-certs</c> and patches it in, as OpenKruise does.
/// </summary>
/// <remarks>
/// OpenKruise's chart puts no labels on them; they carry <c>app.kubernetes.io/part-of: openkruise</c> here so the
/// troubleshooting guide's <c>kubectl get mutatingwebhookconfiguration -l app.kubernetes.io/part-of=openkruise</c> finds them.
/// </remarks>
public static class KruiseWebhookConfigurations
{
    static readonly List<string> ReviewVersions = ["v1", "v1beta1"];

    /// <summary>The recommended <c>app.kubernetes.io/part-of</c> label, valued as the guides expect.</summary>
    public static IDictionary<string, string> Labels => new Dictionary<string, string> { ["app.kubernetes.io/part-of"] = "openkruise" };

    public static V1MutatingWebhookConfiguration Mutating() => new()
    {
        ApiVersion = "admissionregistration.k8s.io/v1", Kind = "MutatingWebhookConfiguration",
        Metadata = new V1ObjectMeta { Name = KruiseNames.MutatingWebhookConfiguration, Labels = Labels },
        Webhooks = KruiseWebhooks.All.Where(w => w.Kind == WebhookKind.Mutating).Select(w => new V1MutatingWebhook
        {
            Name = w.Name,
            ClientConfig = ClientConfig(w),
            Rules = [Rule(w)],
            NamespaceSelector = NamespaceSelector(w),
            AdmissionReviewVersions = ReviewVersions,
            SideEffects = "None",
            FailurePolicy = "Fail",
            ReinvocationPolicy = "Never",
        }).ToList(),
    };

    public static V1ValidatingWebhookConfiguration Validating() => new()
    {
        ApiVersion = "admissionregistration.k8s.io/v1", Kind = "ValidatingWebhookConfiguration",
        Metadata = new V1ObjectMeta { Name = KruiseNames.ValidatingWebhookConfiguration, Labels = Labels },
        Webhooks = KruiseWebhooks.All.Where(w => w.Kind == WebhookKind.Validating).Select(w => new V1ValidatingWebhook
        {
            Name = w.Name,
            ClientConfig = ClientConfig(w),
            Rules = [Rule(w)],
            NamespaceSelector = NamespaceSelector(w),
            AdmissionReviewVersions = ReviewVersions,
            SideEffects = "None",
            FailurePolicy = "Fail",
        }).ToList(),
    };

    static Admissionregistrationv1WebhookClientConfig ClientConfig(KruiseWebhook w) => new()
    {
        Service = new Admissionregistrationv1ServiceReference { Name = KruiseNames.WebhookService, NamespaceProperty = KruiseNames.Namespace, Path = w.Path, Port = 443 },
    };

    static V1RuleWithOperations Rule(KruiseWebhook w) => new()
    {
        ApiGroups = [w.ApiGroup], ApiVersions = [w.ApiVersion], Resources = [w.Resource],
        Operations = w.Operations.ToList(), Scope = "*",
    };

    static V1LabelSelector? NamespaceSelector(KruiseWebhook w) => w.SkipsControlPlaneNamespaces
        ? new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = KruiseNames.ControlPlaneLabel, OperatorProperty = "DoesNotExist" }] }
        : null;
}
