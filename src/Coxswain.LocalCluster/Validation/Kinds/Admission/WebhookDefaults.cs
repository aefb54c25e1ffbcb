using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Validation.Kinds.Admission;

/// <summary>admissionregistration.k8s.io/v1 webhook defaults (SetDefaults_ValidatingWebhook / SetDefaults_MutatingWebhook).</summary>
public static class WebhookDefaults
{
    public const int DefaultTimeoutSeconds = 10;
    public const int DefaultServicePort = 443;

    public static void Apply(JsonObject configuration, bool mutating)
    {
        foreach (var (_, webhook) in configuration.Arr("webhooks").Objects())
        {
            webhook.Default("failurePolicy", "Fail");
            webhook.Default("matchPolicy", "Equivalent");
            // An empty selector matches everything.
            webhook.Default("namespaceSelector", new JsonObject());
            webhook.Default("objectSelector", new JsonObject());
            webhook.Default("timeoutSeconds", DefaultTimeoutSeconds);
            if (mutating) webhook.Default("reinvocationPolicy", "Never");
            foreach (var (_, rule) in webhook.Arr("rules").Objects())
                rule.Default("scope", "*");
            webhook.Obj("clientConfig").Obj("service")?.Default("port", DefaultServicePort);
        }
    }
}
