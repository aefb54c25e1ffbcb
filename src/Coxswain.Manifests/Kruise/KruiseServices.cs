using k8s.Models;

namespace Coxswain.Manifests.Kruise;

/// <summary>The webhook Service the API server calls (443 → 9876) and the metrics Service Prometheus scrapes (8080).</summary>
public static class KruiseServices
{
    public static V1Service Webhook() => Service(KruiseNames.WebhookService, new V1ServicePort { Port = 443, Name = "https", Protocol = "TCP", TargetPort = KruiseNames.WebhookPort });

    public static V1Service Metrics() => Service(KruiseNames.MetricsService, new V1ServicePort { Port = KruiseNames.MetricsPort, Name = "metrics", Protocol = "TCP", TargetPort = KruiseNames.MetricsPort });

    static V1Service Service(string name, V1ServicePort port) => new()
    {
        ApiVersion = "v1", Kind = "Service",
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = KruiseNames.Namespace },
        Spec = new V1ServiceSpec { Selector = KruiseManagerDeployment.PodLabels, Ports = [port] },
    };
}
