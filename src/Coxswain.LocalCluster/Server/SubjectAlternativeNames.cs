using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Coxswain.LocalCluster.Server;

/// <summary>
/// Host names as a certificate's subjectAltName extension: IP addresses as IP SANs, anything else as DNS
/// SANs. Clients (Go's crypto/tls included) match only against SANs, never the subject CN.
/// </summary>
internal static class SubjectAlternativeNames
{
    public static X509Extension Build(IEnumerable<string> hostNames)
    {
        var builder = new SubjectAlternativeNameBuilder();
        foreach (var name in hostNames.Select(Canonical).Distinct(StringComparer.OrdinalIgnoreCase))
        {
            if (AsIpAddress(name) is { } address) builder.AddIpAddress(address);
            else builder.AddDnsName(name);
        }
        return builder.Build(critical: false);
    }

    /// <summary>True when every one of <paramref name="hostNames"/> is among the certificate's SANs.</summary>
    public static bool Cover(X509Certificate2 certificate, IEnumerable<string> hostNames)
    {
        var extension = certificate.Extensions.OfType<X509SubjectAlternativeNameExtension>().FirstOrDefault();
        if (extension is null) return false;
        var present = extension.EnumerateDnsNames()
            .Concat(extension.EnumerateIPAddresses().Select(address => address.ToString()))
            .ToHashSet(StringComparer.OrdinalIgnoreCase);
        return hostNames.Select(Canonical).All(present.Contains);
    }

    /// <summary>The same text <see cref="Cover"/> reads back: "0:0::1" and "::1" are one address.</summary>
    static string Canonical(string name) => AsIpAddress(name)?.ToString() ?? name;

    /// <summary>
    /// IPAddress.TryParse also accepts inet_aton shorthand such as "10" or "0x7f.1", which would turn an
    /// all-digit host name into an IP SAN; only dotted-quad IPv4 and IPv6 text count as addresses here.
    /// </summary>
    static IPAddress? AsIpAddress(string name) =>
        IPAddress.TryParse(name, out var address)
        && (address.AddressFamily == AddressFamily.InterNetworkV6 || address.ToString() == name)
            ? address
            : null;
}
