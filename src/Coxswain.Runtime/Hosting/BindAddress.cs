using System.Net;

namespace Coxswain.Runtime.Hosting;

/// <summary>
/// A listen address in controller-runtime's notation: <c>:8080</c> (every interface), <c>127.0.0.1:0</c> (any free
/// port), <c>[::1]:8080</c>, or <c>0</c> for "do not listen".
/// </summary>
/// <param name="Ip">The interface; null for all of them.</param>
/// <param name="Port">The port; 0 for any free one.</param>
internal readonly record struct BindAddress(IPAddress? Ip, int Port)
{
    /// <summary>The address to listen on, or null when disabled.</summary>
    public static BindAddress? Parse(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || address == "0")
        {
            return null;
        }

        var colon = address.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(address[(colon + 1)..], out var port) || port is < 0 or > 65535)
        {
            throw new FormatException($"invalid bind address \"{address}\": expected host:port, :port or 0");
        }

        var host = address[..colon].Trim('[', ']');
        var ip = host.Length == 0 ? null
            : host == "localhost" ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed
            : throw new FormatException($"invalid bind address \"{address}\": {host} is not an IP address");
        return new BindAddress(ip, port);
    }
}
