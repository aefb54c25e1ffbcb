using Prometheus;

namespace Coxswain.LocalCluster.Http;

/// <summary>kube-apiserver's request metrics, with its names and labels, so the usual dashboards read them unchanged.</summary>
public sealed class ApiMetrics
{
    public CollectorRegistry Registry { get; } = Metrics.NewCustomRegistry();
    readonly Counter requests;
    readonly Histogram duration;

    static readonly string[] Labels = ["verb", "dry_run", "group", "version", "resource", "subresource", "scope", "component"];

    public ApiMetrics()
    {
        var factory = Metrics.WithCustomRegistry(Registry);
        requests = factory.CreateCounter("apiserver_request_total",
            "Counter of apiserver requests broken out for each verb, dry run value, group, version, resource, scope, component, and HTTP response code.",
            [.. Labels, "code"]);
        duration = factory.CreateHistogram("apiserver_request_duration_seconds",
            "Response latency distribution in seconds for each verb, dry run value, group, version, resource, subresource, scope and component.",
            new HistogramConfiguration
            {
                LabelNames = Labels,
                Buckets = [0.005, 0.025, 0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1.0, 1.25, 1.5, 2, 3, 4, 5, 6, 8, 10, 15, 20, 30, 45, 60],
            });
    }

    public void Observe(RequestInfo info, string dryRun, int code, TimeSpan elapsed)
    {
        var r = info.Resource;
        var verb = (info.Verb.Length == 0 ? "unknown" : info.Verb).ToUpperInvariant() switch
        {
            "GET" => "GET", "LIST" => "LIST", "WATCH" => "WATCH", "CREATE" => "POST", "UPDATE" => "PUT", "PATCH" => "PATCH",
            "DELETE" => "DELETE", "DELETECOLLECTION" => "DELETE", var v => v,
        };
        var scope = r is null ? "" : info.Name is not null ? "resource" : r.Namespaced ? "namespace" : "cluster";
        string[] labels = [verb, dryRun, r?.Group ?? "", r?.Version ?? "", r?.Plural ?? "", info.Subresource ?? "", scope, "apiserver"];
        requests.WithLabels([.. labels, code.ToString()]).Inc();
        if (verb != "WATCH") duration.WithLabels(labels).Observe(elapsed.TotalSeconds);
    }
}
