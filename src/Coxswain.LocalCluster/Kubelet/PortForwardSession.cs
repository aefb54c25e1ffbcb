using System.Globalization;
using System.Text;
using Coxswain.LocalCluster.Kubelet.Processes;
using Coxswain.LocalCluster.Streaming;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Kubelet;

/// <summary>
/// The kubelet's port-forward stream handler (cri/streaming/portforward/httpstream.go) on one SPDY connection: for each
/// forwarded client connection kubectl opens an <c>error</c> and a <c>data</c> stream with the same <c>requestID</c> and
/// <c>port</c>; once both are there, the runtime forwards the data stream to the port, and a failure is written to the
/// error stream ("error forwarding port 8080 to pod &lt;sandbox&gt;, uid : …"), after which both streams are closed.
/// </summary>
public sealed class PortForwardSession(PodPortForwarder forwarder, PortForwardTarget pod, ILogger logger, CancellationToken ct)
{
    public const string Protocol = "portforward.k8s.io";

    sealed class Pair(string requestId)
    {
        public string RequestId => requestId;
        public SpdyStream? Error;
        public SpdyStream? Data;
    }

    readonly Dictionary<string, Pair> pairs = new();
    readonly List<Task> forwards = new();

    /// <summary>httpStreamReceived: a stream needs a port from 1 to 65535 and a stream type of error or data.</summary>
    public static string? Validate(SpdyHeaders headers)
    {
        var port = headers.Get("port");
        if (string.IsNullOrEmpty(port)) return "\"port\" header is required";
        if (!ulong.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            return $"unable to parse \"{port}\" as a port: strconv.ParseUint: parsing \"{port}\": invalid syntax";
        if (number > ushort.MaxValue) return $"unable to parse \"{port}\" as a port: strconv.ParseUint: parsing \"{port}\": value out of range";
        if (number < 1) return $"port \"{port}\" must be > 0";
        var type = headers.Get("streamType");
        if (string.IsNullOrEmpty(type)) return "\"streamType\" header is required";
        if (type is not ("error" or "data")) return $"invalid stream type \"{type}\"";
        return null;
    }

    /// <summary>Pairs an accepted stream with its partner; a complete pair starts forwarding. Called on the read loop.</summary>
    public void Accept(SpdyStream stream)
    {
        var requestId = RequestId(stream);
        var isError = stream.Headers.Get("streamType") == "error";
        Pair pair;
        string? problem = null;
        lock (pairs)
        {
            if (!pairs.TryGetValue(requestId, out pair!)) pairs[requestId] = pair = new Pair(requestId);
            if (isError && pair.Error is not null) problem = "error stream already assigned";
            else if (!isError && pair.Data is not null) problem = "data stream already assigned";
            else if (isError) pair.Error = stream;
            else pair.Data = stream;
            if (problem is null && pair is { Error: not null, Data: not null })
            {
                pairs.Remove(requestId);
                forwards.Add(ForwardAsync(pair));
            }
        }
        if (problem is not null)
            _ = WriteErrorAsync(pair.Error, $"error processing stream for request {requestId}: {problem}");
    }

    /// <summary>Waits for the forwards still running (they end with the connection's streams).</summary>
    public Task DrainAsync()
    {
        lock (pairs) return Task.WhenAll(forwards);
    }

    async Task ForwardAsync(Pair pair)
    {
        await Task.Yield(); // off the connection's read loop
        var data = pair.Data!;
        var port = int.Parse(data.Headers.Get("port")!, CultureInfo.InvariantCulture);
        try
        {
            await forwarder.ForwardAsync(pod, port, data, ct).ConfigureAwait(false);
        }
        catch (PortForwardException e)
        {
            var message = $"error forwarding port {port} to pod {pod.SandboxId}, uid : {e.Message}";
            logger.LogInformation("port-forward request {RequestId}: {Message}", pair.RequestId, message);
            await WriteErrorAsync(pair.Error, message).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The connection or the server is going away.
        }
        finally
        {
            await pair.Error!.CloseWriteAsync(CancellationToken.None).ConfigureAwait(false);
            await data.CloseWriteAsync(CancellationToken.None).ConfigureAwait(false);
        }
    }

    static async Task WriteErrorAsync(SpdyStream? errorStream, string message)
    {
        if (errorStream is null) return;
        try
        {
            await errorStream.WriteAsync(Encoding.UTF8.GetBytes(message)).ConfigureAwait(false);
        }
        catch (IOException)
        {
            // The client is gone or reset the stream: nobody is left to read the error.
        }
    }

    /// <summary>The requestID header; clients older than it get one derived from the stream ids (error n, data n+2).</summary>
    static string RequestId(SpdyStream stream)
    {
        if (stream.Headers.Get("requestID") is { Length: > 0 } id) return id;
        var streamId = stream.Headers.Get("streamType") == "data" ? stream.Id - 2 : stream.Id;
        return streamId.ToString(CultureInfo.InvariantCulture);
    }
}
