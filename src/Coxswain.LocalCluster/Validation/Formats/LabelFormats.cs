using System.Text.RegularExpressions;

namespace Coxswain.LocalCluster.Validation.Formats;

/// <summary>
/// Label keys ("qualified names") and label values, with the messages of k8s.io/apimachinery/pkg/api/validate/content,
/// which apimachinery now uses for labels, annotations keys, finalizers and many enum-like keys.
/// </summary>
public static partial class LabelFormats
{
    public const int NameMaxLength = 63;
    public const int ValueMaxLength = 63;

    public const string KeyFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    public const string ValueFormat = "(" + KeyFormat + ")?";

    const string KeyMessage = "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    const string ValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";

    [GeneratedRegex("^" + KeyFormat + "\\z")] private static partial Regex Key();
    [GeneratedRegex("^" + ValueFormat + "\\z")] private static partial Regex Value();

    /// <summary>IsQualifiedName / IsLabelKey: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters.</summary>
    public static IReadOnlyList<string> IsQualifiedName(string value)
    {
        var errs = new List<string>();
        var parts = value.Split('/');
        string name;
        switch (parts.Length)
        {
            case 1:
                name = parts[0];
                break;
            case 2:
                var prefix = parts[0];
                name = parts[1];
                if (prefix.Length == 0) errs.Add("prefix part " + ValidationText.Empty);
                else errs.AddRange(DnsNames.IsDns1123SubdomainBytes(prefix).Select(m => "prefix part " + m));
                break;
            default:
                return ["a valid label key " + ValidationText.Regex(KeyMessage, KeyFormat, "MyName", "my.name", "123-abc")
                        + " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"];
        }

        if (name.Length == 0) errs.Add("name part " + ValidationText.Empty);
        else if (ValidationText.GoLength(name) > NameMaxLength) errs.Add("name part " + ValidationText.MaxLenBytes(NameMaxLength));
        if (!Key().IsMatch(name)) errs.Add("name part " + ValidationText.Regex(KeyMessage, KeyFormat, "MyName", "my.name", "123-abc"));
        return errs;
    }

    public static IReadOnlyList<string> IsLabelValue(string value)
    {
        var errs = new List<string>();
        if (ValidationText.GoLength(value) > ValueMaxLength) errs.Add(ValidationText.MaxLenBytes(ValueMaxLength));
        if (!Value().IsMatch(value)) errs.Add(ValidationText.Regex(ValueMessage, ValueFormat, "MyValue", "my_value", "12345"));
        return errs;
    }
}
