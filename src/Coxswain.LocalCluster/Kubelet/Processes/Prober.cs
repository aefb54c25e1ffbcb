using System.Globalization;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>
/// One probe result and the prober's output (what the Unhealthy event quotes after "Readiness probe failed: "); an
/// errored probe (one that could not run at all) is a failure the event calls "Readiness probe errored: ".
/// </summary>
public readonly record struct ProbeResult(bool Success, string Output, bool Errored = false)
{
    /// <summary>The Unhealthy event's message for this failed result of a <paramref name="probeType"/> probe.</summary>
    public string UnhealthyMessage(string probeType) => $"{probeType} probe {(Errored ? "errored" : "failed")}: {Output}";
}

/// <summary>
/// Runs one real probe against a process-backed container, as the kubelet's prober does: <c>httpGet</c> (success is a
/// status from 200 to 399), <c>tcpSocket</c> (a connection opens) and <c>grpc</c> (taken as a TCP check) against the pod
/// IP or the probe's host, within <c>timeoutSeconds</c>; <c>exec</c> (the command run by <see cref="ContainerExec"/>, its
/// exit code deciding).
/// </summary>
public sealed class Prober : IDisposable
{
    readonly HttpClient http = new(new SocketsHttpHandler
    {
        // The kubelet does not verify a probed server's certificate.
        SslOptions = { RemoteCertificateValidationCallback = (_, _, _, _) => true },
        AllowAutoRedirect = true,
        PooledConnectionLifetime = TimeSpan.Zero,
    })
    {
        Timeout = Timeout.InfiniteTimeSpan,
    };

    public async Task<ProbeResult> RunAsync(ProbeSpec probe, string podIp, JsonObject container, ContainerExec exec, CancellationToken ct)
    {
        var timeout = TimeSpan.FromSeconds(Math.Max(1, probe.Handler.Long("timeoutSeconds") ?? 1));
        if (probe.Handler.Obj("exec") is { } command) return await exec.ProbeAsync(container, command, timeout, ct).ConfigureAwait(false);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(timeout);
        if (probe.Handler.Obj("httpGet") is { } httpGet) return await HttpGetAsync(httpGet, podIp, container, deadline.Token).ConfigureAwait(false);
        if ((probe.Handler.Obj("tcpSocket") ?? probe.Handler.Obj("grpc")) is { } tcp)
        {
            var host = tcp.Str("host") is { Length: > 0 } h ? h : podIp;
            return await TcpAsync(host, Port(tcp["port"], container), deadline.Token).ConfigureAwait(false);
        }
        return new ProbeResult(true, ""); // no handler: validation refuses it, nothing to fail
    }

    async Task<ProbeResult> HttpGetAsync(JsonObject httpGet, string podIp, JsonObject container, CancellationToken ct)
    {
        var scheme = (httpGet.Str("scheme") ?? "HTTP").ToLowerInvariant();
        var host = httpGet.Str("host") is { Length: > 0 } h ? h : podIp;
        var path = httpGet.Str("path") is { Length: > 0 } p ? (p.StartsWith('/') ? p : "/" + p) : "/";
        var url = $"{scheme}://{host}:{Port(httpGet["port"], container)}{path}";
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.TryAddWithoutValidation("User-Agent", "kube-probe/1.33");
        request.Headers.TryAddWithoutValidation("Accept", "*/*");
        foreach (var (_, header) in httpGet.Arr("httpHeaders").Objects())
        {
            request.Headers.Remove(header.StrOrEmpty("name"));
            request.Headers.TryAddWithoutValidation(header.StrOrEmpty("name"), header.StrOrEmpty("value"));
        }
        try
        {
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct).ConfigureAwait(false);
            var code = (int)response.StatusCode;
            return code is >= 200 and < 400 ? new ProbeResult(true, "") : new ProbeResult(false, $"HTTP probe failed with statuscode: {code}");
        }
        catch (OperationCanceledException)
        {
            return new ProbeResult(false, $"Get \"{url}\": context deadline exceeded (Client.Timeout exceeded while awaiting headers)");
        }
        catch (HttpRequestException e)
        {
            return new ProbeResult(false, $"Get \"{url}\": {GoDialError.Describe("tcp", host, Port(httpGet["port"], container), e.InnerException as SocketException)}");
        }
    }

    static async Task<ProbeResult> TcpAsync(string host, int port, CancellationToken ct)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(host, port, ct).ConfigureAwait(false);
            return new ProbeResult(true, "");
        }
        catch (OperationCanceledException)
        {
            return new ProbeResult(false, GoDialError.TimedOut("tcp", host, port));
        }
        catch (SocketException e)
        {
            return new ProbeResult(false, GoDialError.Describe("tcp", host, port, e));
        }
    }

    /// <summary>A port number, or the name of one of the container's ports.</summary>
    static int Port(JsonNode? port, JsonObject container)
    {
        var text = port?.ToString() ?? "";
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var number)) return number;
        return (int)(container.Arr("ports").Objects().Select(p => p.Item).FirstOrDefault(p => p.StrOrEmpty("name") == text).Long("containerPort") ?? 0);
    }

    public void Dispose() => http.Dispose();
}
