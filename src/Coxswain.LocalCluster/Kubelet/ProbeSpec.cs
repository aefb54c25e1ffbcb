using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Kubelet;

/// <summary>
/// A container probe's timing (with the API defaults: period 10s, thresholds 1 and 3) and the text kubelet's prober
/// reports when it fails. Probes run at <c>start + initialDelaySeconds + k × periodSeconds</c>.
/// </summary>
public sealed record ProbeSpec(string Type, TimeSpan InitialDelay, TimeSpan Period, int SuccessThreshold, int FailureThreshold, JsonObject Handler)
{
    public static ProbeSpec? Parse(JsonObject? probe, string type) => probe is null ? null : new ProbeSpec(
        type,
        TimeSpan.FromSeconds(probe.Long("initialDelaySeconds") ?? 0),
        TimeSpan.FromSeconds(Math.Max(1, probe.Long("periodSeconds") ?? 10)),
        (int)Math.Max(1, probe.Long("successThreshold") ?? 1),
        (int)Math.Max(1, probe.Long("failureThreshold") ?? 3),
        probe);

    /// <summary>The first probe run at or after <paramref name="notBefore"/>.</summary>
    public DateTimeOffset FirstRunAtOrAfter(DateTimeOffset containerStart, DateTimeOffset notBefore)
    {
        var first = containerStart + InitialDelay;
        if (notBefore <= first) return first;
        var periods = Math.Ceiling((notBefore - first).Ticks / (double)Period.Ticks);
        return first + Period * periods;
    }

    /// <summary>"Readiness probe failed: HTTP probe failed with statuscode: 503", as the Unhealthy event says.</summary>
    public string FailureEventMessage(string? podIp) => $"{Type} probe failed: {FailureOutput(podIp)}";

    string FailureOutput(string? podIp)
    {
        if (Handler.Obj("httpGet") is not null) return "HTTP probe failed with statuscode: 503";
        if (Handler.Obj("tcpSocket") is { } tcp) return $"dial tcp {podIp}:{PortText(tcp)}: connect: connection refused";
        if (Handler.Obj("grpc") is { } grpc) return $"timeout: failed to connect service \"{podIp}:{PortText(grpc)}\" within 1s";
        return ""; // an exec probe reports its command's output, which a simulated command does not have
    }

    static string PortText(JsonObject handler) => handler["port"]?.ToString() ?? "";
}
