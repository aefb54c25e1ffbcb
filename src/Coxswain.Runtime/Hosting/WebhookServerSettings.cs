namespace Coxswain.Runtime.Hosting;

/// <summary>
/// The admission webhook server (<see cref="ManagerOptions.Webhook"/>), started when a webhook is registered. Every
/// replica serves webhooks, leader or not. With <see cref="CertSecretName"/> set the runtime manages its own
/// certificates as OpenKruise does (a CA and a serving certificate kept in that Secret, <c>caBundle</c> patched into the
/// named configurations, rotation before expiry); otherwise it serves <see cref="CertName"/>/<see cref="KeyName"/> from
/// <see cref="CertDir"/> (e.g. mounted by cert-manager), reloading them when they change.
/// </summary>
public sealed class WebhookServerSettings
{
    /// <summary>HTTPS port (OpenKruise's <c>WEBHOOK_PORT</c>, default 9876); 0 picks a free one.</summary>
    public int Port { get; set; } = 9876;

    /// <summary>Interface to listen on; all when empty.</summary>
    public string? Host { get; set; }

    /// <summary>Where the serving certificate is read from, or written to when self-managed (controller-runtime's default).</summary>
    public string CertDir { get; set; } = Path.Combine(Path.GetTempPath(), "k8s-webhook-server", "serving-certs");

    public string CertName { get; set; } = "tls.crt";

    public string KeyName { get; set; } = "tls.key";

    /// <summary>Secret holding the self-managed CA and certificate (OpenKruise: <c>kruise-webhook-certs</c>); unset: certificates come from <see cref="CertDir"/>.</summary>
    public string? CertSecretName { get; set; }

    /// <summary>The Service in front of the webhook pods (OpenKruise: <c>kruise-webhook-service</c>); names the certificate's DNS names.</summary>
    public string? ServiceName { get; set; }

    /// <summary>Namespace of the Service and the Secret; defaults to the kubeconfig context's or the pod's namespace, else <c>default</c>.</summary>
    public string? ServiceNamespace { get; set; }

    /// <summary>More names the certificate covers: DNS names, or IP addresses (for <c>clientConfig.url</c> webhooks).</summary>
    public List<string> ExtraHosts { get; set; } = [];

    /// <summary>MutatingWebhookConfigurations whose webhooks get the CA as <c>caBundle</c>.</summary>
    public List<string> MutatingWebhookConfigurations { get; set; } = [];

    /// <summary>ValidatingWebhookConfigurations whose webhooks get the CA as <c>caBundle</c>.</summary>
    public List<string> ValidatingWebhookConfigurations { get; set; } = [];

    /// <summary>CustomResourceDefinitions whose conversion webhook (<c>spec.conversion.strategy: Webhook</c>) gets the CA.</summary>
    public List<string> ConversionCustomResourceDefinitions { get; set; } = [];

    /// <summary>Validity of a serving certificate.</summary>
    public TimeSpan CertificateValidity { get; set; } = TimeSpan.FromDays(365);

    /// <summary>Validity of the self-signed CA; it is kept across serving-certificate rotations, so <c>caBundle</c> rarely changes.</summary>
    public TimeSpan CaValidity { get; set; } = TimeSpan.FromDays(3650);

    /// <summary>Rotate a certificate this long before it expires (OpenKruise's <c>CERTS_RENEW_BEFORE</c>); must be shorter than the validities.</summary>
    public TimeSpan RenewBefore { get; set; } = TimeSpan.FromDays(180);

    /// <summary>
    /// How often the Secret (rotated by another replica?), the certificate files and the <c>caBundle</c>s (reset by a
    /// re-applied manifest?) are checked again.
    /// </summary>
    public TimeSpan RefreshInterval { get; set; } = TimeSpan.FromMinutes(1);
}
