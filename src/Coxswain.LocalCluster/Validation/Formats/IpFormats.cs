using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Coxswain.LocalCluster.Validation.Formats;

/// <summary>IP and CIDR checks with the leniency of k8s.io/utils/net's ParseIPSloppy (IPv4 octets may carry leading zeros).</summary>
public static class IpFormats
{
    public const string InvalidIp = "must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)";
    public const string InvalidCidr = "must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)";

    public static IReadOnlyList<FieldError> IsValidIp(FieldPath path, string value) =>
        TryParse(value, out _) ? [] : [FieldError.Invalid(path, value, InvalidIp)];

    public static IReadOnlyList<FieldError> IsValidCidr(FieldPath path, string value) =>
        IsCidr(value) ? [] : [FieldError.Invalid(path, value, InvalidCidr)];

    public static bool IsIPv6(string value) => TryParse(value, out var family) && family == AddressFamily.InterNetworkV6;

    /// <summary>Parses like Go's net.ParseIP (no zones, no brackets, exactly four IPv4 octets) but allows leading zeros.</summary>
    public static bool TryParse(string value, out AddressFamily family)
    {
        family = AddressFamily.Unknown;
        if (value.Contains(':'))
        {
            if (value.Contains('%') || value.Contains('[') || !IPAddress.TryParse(value, out var v6) || v6.AddressFamily != AddressFamily.InterNetworkV6)
                return false;
            family = AddressFamily.InterNetworkV6;
            return true;
        }
        var octets = value.Split('.');
        if (octets.Length != 4) return false;
        foreach (var octet in octets)
        {
            if (octet.Length is 0 or > 3 || !octet.All(char.IsAsciiDigit)) return false;
            if (int.Parse(octet, CultureInfo.InvariantCulture) > 255) return false;
        }
        family = AddressFamily.InterNetwork;
        return true;
    }

    static bool IsCidr(string value)
    {
        var slash = value.IndexOf('/');
        if (slash < 0 || !TryParse(value[..slash], out var family)) return false;
        var prefix = value[(slash + 1)..];
        if (prefix.Length is 0 or > 3 || !prefix.All(char.IsAsciiDigit)) return false;
        var bits = int.Parse(prefix, CultureInfo.InvariantCulture);
        return bits <= (family == AddressFamily.InterNetwork ? 32 : 128);
    }
}
