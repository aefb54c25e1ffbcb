using System.Text.RegularExpressions;

namespace Coxswain.LocalCluster.Validation.Formats;

/// <summary>RFC 1123 / RFC 1035 name checks with apimachinery's exact messages (k8s.io/apimachinery/pkg/util/validation).</summary>
public static partial class DnsNames
{
    public const int LabelMaxLength = 63;
    public const int SubdomainMaxLength = 253;

    public const string Dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    public const string Dns1123SubdomainFormat = Dns1123LabelFormat + "(\\." + Dns1123LabelFormat + ")*";
    public const string Dns1035LabelFormat = "[a-z]([-a-z0-9]*[a-z0-9])?";

    const string Dns1123LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character";
    const string Dns1123SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";
    const string Dns1035LabelMessage =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character";

    [GeneratedRegex("^" + Dns1123LabelFormat + "\\z")] private static partial Regex Dns1123Label();
    [GeneratedRegex("^" + Dns1123SubdomainFormat + "\\z")] private static partial Regex Dns1123Subdomain();
    [GeneratedRegex("^" + Dns1035LabelFormat + "\\z")] private static partial Regex Dns1035Label();

    public static IReadOnlyList<string> IsDns1123Label(string value)
    {
        var errs = new List<string>();
        if (ValidationText.GoLength(value) > LabelMaxLength) errs.Add(ValidationText.MaxLenCharacters(LabelMaxLength));
        if (!Dns1123Label().IsMatch(value))
        {
            // A valid subdomain that is not a valid label (length already reported) can only be failing on its dots.
            errs.Add(Dns1123Subdomain().IsMatch(value)
                ? "must not contain dots"
                : ValidationText.Regex(Dns1123LabelMessage, Dns1123LabelFormat, "my-name", "123-abc"));
        }
        return errs;
    }

    public static IReadOnlyList<string> IsDns1123Subdomain(string value) => IsDns1123Subdomain(value, ValidationText.MaxLenCharacters);

    /// <summary>The content package's variant (used for label-key prefixes), which counts bytes rather than characters.</summary>
    internal static IReadOnlyList<string> IsDns1123SubdomainBytes(string value) => IsDns1123Subdomain(value, ValidationText.MaxLenBytes);

    static IReadOnlyList<string> IsDns1123Subdomain(string value, Func<int, string> tooLong)
    {
        var errs = new List<string>();
        if (ValidationText.GoLength(value) > SubdomainMaxLength) errs.Add(tooLong(SubdomainMaxLength));
        if (!Dns1123Subdomain().IsMatch(value))
            errs.Add(ValidationText.Regex(Dns1123SubdomainMessage, Dns1123SubdomainFormat, "example.com"));
        return errs;
    }

    public static IReadOnlyList<string> IsDns1035Label(string value)
    {
        var errs = new List<string>();
        if (ValidationText.GoLength(value) > LabelMaxLength) errs.Add(ValidationText.MaxLenCharacters(LabelMaxLength));
        if (!Dns1035Label().IsMatch(value))
            errs.Add(ValidationText.Regex(Dns1035LabelMessage, Dns1035LabelFormat, "my-name", "abc-123"));
        return errs;
    }

    /// <summary>
    /// util/validation.IsFullyQualifiedName: a subdomain of at least three segments (webhook names).
    /// Reports one error at most, the first rule that fails.
    /// </summary>
    public static IReadOnlyList<FieldError> IsFullyQualifiedName(FieldPath path, string name)
    {
        if (name.Length == 0) return [FieldError.Required(path)];
        var errs = IsDns1123Subdomain(name);
        if (errs.Count > 0) return [FieldError.Invalid(path, name, string.Join(",", errs))];
        if (name.Split('.').Length < 3)
            return [FieldError.Invalid(path, name, "should be a domain with at least three segments separated by dots")];
        return [];
    }

    /// <summary>util/validation.IsFullyQualifiedDomainName: at least two segments, a trailing dot allowed (FQDN endpoints).</summary>
    public static IReadOnlyList<FieldError> IsFullyQualifiedDomainName(FieldPath path, string name)
    {
        if (name.Length == 0) return [FieldError.Required(path)];
        if (name.EndsWith('.')) name = name[..^1];
        var errs = IsDns1123Subdomain(name);
        if (errs.Count > 0) return [FieldError.Invalid(path, name, string.Join(",", errs))];
        if (name.Split('.').Length < 2)
            return [FieldError.Invalid(path, name, "should be a domain with at least two segments separated by dots")];
        foreach (var label in name.Split('.'))
        {
            var labelErrs = IsDns1123Label(label);
            if (labelErrs.Count > 0) return [FieldError.Invalid(path, label, string.Join(",", labelErrs))];
        }
        return [];
    }
}
