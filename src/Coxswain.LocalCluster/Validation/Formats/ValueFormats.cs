using System.Text.RegularExpressions;

namespace Coxswain.LocalCluster.Validation.Formats;

/// <summary>Small value formats from k8s.io/apimachinery/pkg/util/validation: config keys, env names, ports, headers.</summary>
public static partial class ValueFormats
{
    const string ConfigMapKeyFormat = "[-._a-zA-Z0-9]+";
    const string ConfigMapKeyMessage = "a valid config key must consist of alphanumeric characters, '-', '_' or '.'";
    const string HttpHeaderNameFormat = "[-A-Za-z0-9]+";

    [GeneratedRegex("^" + ConfigMapKeyFormat + "\\z")] private static partial Regex ConfigMapKey();
    [GeneratedRegex("^[-a-z0-9]+\\z")] private static partial Regex PortNameCharset();
    [GeneratedRegex("[a-z]")] private static partial Regex PortNameLetter();
    [GeneratedRegex("^" + HttpHeaderNameFormat + "\\z")] private static partial Regex HttpHeaderName();

    /// <summary>Keys of ConfigMap/Secret data, also secret/configMap key selectors.</summary>
    public static IReadOnlyList<string> IsConfigMapKey(string value)
    {
        var errs = new List<string>();
        if (ValidationText.GoLength(value) > DnsNames.SubdomainMaxLength) errs.Add(ValidationText.MaxLenCharacters(DnsNames.SubdomainMaxLength));
        if (!ConfigMapKey().IsMatch(value)) errs.Add(ValidationText.Regex(ConfigMapKeyMessage, ConfigMapKeyFormat, "key.name", "KEY_NAME", "key-name"));
        errs.AddRange(ChangeDirectoryPrefix(value));
        return errs;
    }

    /// <summary>
    /// IsRelaxedEnvVarName: the rule kube-apiserver applies since RelaxedEnvironmentVariableValidation went on by default
    /// (any printable ASCII except '=').
    /// </summary>
    public static IReadOnlyList<string> IsEnvVarName(string value)
    {
        var errs = new List<string>();
        if (value.Length == 0) errs.Add("environment variable name " + ValidationText.Empty);
        if (value.Any(c => c < 0x20 || c > 0x7E || c == '='))
            errs.Add("a valid environment variable name must consist only of printable ASCII characters other than '='");
        return errs;
    }

    /// <summary>IANA service names as ports may be named: ≤15 chars of [-a-z0-9], a letter, no "--", no leading/trailing '-'.</summary>
    public static IReadOnlyList<string> IsValidPortName(string port)
    {
        var errs = new List<string>();
        if (ValidationText.GoLength(port) > 15) errs.Add(ValidationText.MaxLenCharacters(15));
        if (!PortNameCharset().IsMatch(port)) errs.Add("must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)");
        if (!PortNameLetter().IsMatch(port)) errs.Add("must contain at least one letter (a-z)");
        if (port.Contains("--", StringComparison.Ordinal)) errs.Add("must not contain consecutive hyphens");
        if (port.Length > 0 && (port[0] == '-' || port[^1] == '-')) errs.Add("must not begin or end with a hyphen");
        return errs;
    }

    public static IReadOnlyList<string> IsValidPortNum(long port) =>
        port is >= 1 and <= 65535 ? [] : [ValidationText.InclusiveRange(1, 65535)];

    public static IReadOnlyList<string> IsHttpHeaderName(string value) =>
        HttpHeaderName().IsMatch(value)
            ? []
            : [ValidationText.Regex("a valid HTTP header must consist of alphanumeric characters or '-'", HttpHeaderNameFormat, "X-Header-Name")];

    /// <summary>Keys become file names in volumes, so they may not walk out of the mount directory.</summary>
    static IEnumerable<string> ChangeDirectoryPrefix(string value)
    {
        if (value == ".") yield return "must not be '.'";
        else if (value == "..") yield return "must not be '..'";
        else if (value.StartsWith("..", StringComparison.Ordinal)) yield return "must not start with '..'";
    }
}
