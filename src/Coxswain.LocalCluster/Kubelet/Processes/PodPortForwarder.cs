using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Coxswain.LocalCluster.Streaming;

namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>The pod a port-forward goes to: its uid and IP (null while it has none).</summary>
public sealed record PortForwardTarget(string Uid, string? PodIp)
{
    /// <summary>The 64-hex id of the pod's sandbox, which the kubelet's port-forward errors name ("to pod &lt;id&gt;, uid : …").</summary>
    public string SandboxId => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{Uid}/sandbox")));
}

/// <summary>A forward the container runtime could not make; the message is containerd's, as the kubelet wraps it.</summary>
public sealed class PortForwardException(string message) : Exception(message);

/// <summary>
/// The container runtime's half of port-forward (containerd's PortForward): connects to the port in the pod's network
/// and pipes bytes both ways until the pod's side ends or the client resets the stream. Only process-backed pods have a
/// network on this machine (their loopback pod IP, 127.N.x.y); for a simulated pod nothing listens, so the forward fails
/// as it does on a real node when no process has the port open: connection refused.
/// </summary>
public sealed class PodPortForwarder(byte loopbackSecondOctet)
{
    static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    public async Task ForwardAsync(PortForwardTarget pod, int port, SpdyStream data, CancellationToken ct)
    {
        var ip = pod.PodIp ?? "127.0.0.1";
        if (!IsProcessPodIp(pod.PodIp, out var address)) throw Failure(pod, port, GoDialError.Refused("tcp4", ip, port));

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        using (var connecting = CancellationTokenSource.CreateLinkedTokenSource(ct, data.Aborted))
        {
            connecting.CancelAfter(ConnectTimeout);
            try
            {
                await socket.ConnectAsync(address, port, connecting.Token).ConfigureAwait(false);
            }
            catch (SocketException e)
            {
                throw Failure(pod, port, GoDialError.Describe("tcp4", ip, port, e));
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested && !data.Aborted.IsCancellationRequested)
            {
                throw Failure(pod, port, GoDialError.TimedOut("tcp4", ip, port));
            }
        }

        using var piping = CancellationTokenSource.CreateLinkedTokenSource(ct, data.Aborted);
        await using var network = new NetworkStream(socket, ownsSocket: false);
        var toPod = CopyToPodAsync(data, network, socket, piping.Token);
        try
        {
            // The forward lasts as long as the pod's side sends: its end of stream (or a reset) ends it.
            await network.CopyToAsync(data, piping.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
        }
        finally
        {
            await piping.CancelAsync().ConfigureAwait(false);
            await toPod.ConfigureAwait(false);
        }
    }

    /// <summary>The client's bytes to the pod; the client's half-close becomes the socket's (the pod reads end of stream).</summary>
    static async Task CopyToPodAsync(SpdyStream data, NetworkStream network, Socket socket, CancellationToken ct)
    {
        try
        {
            await data.CopyToAsync(network, ct).ConfigureAwait(false);
            if (!ct.IsCancellationRequested) socket.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
        }
    }

    bool IsProcessPodIp(string? podIp, out IPAddress address)
    {
        address = IPAddress.None;
        if (podIp is null || !IPAddress.TryParse(podIp, out var parsed)) return false;
        var bytes = parsed.GetAddressBytes();
        address = parsed;
        return bytes.Length == 4 && bytes[0] == 127 && bytes[1] == loopbackSecondOctet;
    }

    /// <summary>containerd's message: the dial into the pod's namespace, tried on localhost over IPv4, then IPv6 (none here).</summary>
    static PortForwardException Failure(PortForwardTarget pod, int port, string dialError) => new(
        $"failed to execute portforward in network namespace \"/var/run/netns/cni-{pod.Uid}\": failed to connect to localhost:{port} " +
        $"inside namespace \"{pod.SandboxId}\", IPv4: {dialError} IPv6 dial tcp6: address localhost: no suitable address found ");
}
