using System.Net.Sockets;

namespace Coxswain.LocalCluster.Server;

/// <summary>Turns a failure to start the local cluster into the one line a user is shown.</summary>
public static class StartupFailure
{
    /// <summary>
    /// Kestrel reports a taken port as <c>IOException("Failed to bind to address https://127.0.0.1:6443:
    /// address already in use.")</c> wrapping AddressInUseException wrapping the SocketException; any socket
    /// error during startup is a failure to listen and is phrased like Go's net package would
    /// ("cannot listen on 127.0.0.1:6443: address already in use"). Anything else already carries a
    /// readable message (<see cref="DataDirectoryInUseException"/>, I/O and permission errors name the path).
    /// </summary>
    public static string Describe(Exception error, string address, int port) =>
        FindSocketError(error) is { } socketError
            ? $"cannot listen on {HostAndPort(address, port)}: {Explain(socketError)}"
            : error.Message;

    static SocketException? FindSocketError(Exception error) => error switch
    {
        SocketException socketError => socketError,
        AggregateException aggregate => aggregate.InnerExceptions.Select(FindSocketError).FirstOrDefault(found => found is not null),
        { InnerException: { } inner } => FindSocketError(inner),
        _ => null,
    };

    /// <summary>
    /// The common cases in the strerror wording (which Go prints on every OS), since the OS's own text
    /// differs by platform; the rest in the OS's wording.
    /// </summary>
    static string Explain(SocketException error) => error.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse => "address already in use",
        SocketError.AccessDenied => "permission denied",
        SocketError.AddressNotAvailable => "cannot assign requested address",
        _ => error.Message.Length > 0 ? char.ToLowerInvariant(error.Message[0]) + error.Message[1..].TrimEnd('.') : error.SocketErrorCode.ToString(),
    };

    /// <summary>IPv6 literals need brackets to keep the port apart: [::1]:6443.</summary>
    static string HostAndPort(string address, int port) =>
        address.Contains(':') ? $"[{address}]:{port}" : $"{address}:{port}";
}
