using System.Net.Sockets;

namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>
/// Go's net.Dial error text for a failed connect to a process-backed pod ("dial tcp 127.10.0.2:8080: connect: connection
/// refused"), which probe failures and port-forward errors quote. <paramref name="network"/> is Go's network name:
/// <c>tcp</c> for the prober, <c>tcp4</c> for containerd's port-forward dial.
/// </summary>
public static class GoDialError
{
    public static string Describe(string network, string host, int port, SocketException? e) => e?.SocketErrorCode switch
    {
        SocketError.ConnectionRefused => Refused(network, host, port),
        SocketError.TimedOut => TimedOut(network, host, port),
        _ => $"dial {network} {host}:{port}: connect: {e?.Message ?? "connection failed"}",
    };

    public static string Refused(string network, string host, int port) => $"dial {network} {host}:{port}: connect: connection refused";

    public static string TimedOut(string network, string host, int port) => $"dial {network} {host}:{port}: i/o timeout";
}
