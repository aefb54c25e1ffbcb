using System.Text;

namespace Coxswain.LocalCluster.Selectors;

/// <summary>
/// The label key and label value rules of apimachinery (<c>content.IsLabelKey</c>, <c>IsLabelValue</c>,
/// <c>IsDNS1123Subdomain</c>). Each check returns apimachinery's error strings, empty when the input is valid.
/// Lengths are counted in UTF-8 bytes, as Go's <c>len</c> counts them.
/// </summary>
public static class LabelSyntax
{
    public const int LabelKeyNameMaxLength = 63;
    public const int LabelValueMaxLength = 63;
    public const int Dns1123SubdomainMaxLength = 253;

    const string LabelKeyFormat = "([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]";
    const string LabelKeyMessage =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    const string LabelValueFormat = "(" + LabelKeyFormat + ")?";
    const string LabelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character";
    const string Dns1123LabelFormat = "[a-z0-9]([-a-z0-9]*[a-z0-9])?";
    const string Dns1123SubdomainFormat = Dns1123LabelFormat + "(\\." + Dns1123LabelFormat + ")*";
    const string Dns1123SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character";

    /// <summary>A label key: an optional DNS-subdomain prefix and '/', then a name of at most 63 characters.</summary>
    public static IReadOnlyList<string> IsLabelKey(string value)
    {
        var errors = new List<string>();
        string name;
        int slash = value.IndexOf('/');
        if (slash < 0)
        {
            name = value;
        }
        else if (value.IndexOf('/', slash + 1) >= 0)
        {
            errors.Add("a valid label key " + RegexError(LabelKeyMessage, LabelKeyFormat, "MyName", "my.name", "123-abc") +
                       " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')");
            return errors;
        }
        else
        {
            var prefix = value[..slash];
            name = value[(slash + 1)..];
            if (prefix.Length == 0) errors.Add("prefix part " + EmptyError);
            else errors.AddRange(IsDns1123Subdomain(prefix).Select(m => "prefix part " + m));
        }

        if (name.Length == 0) errors.Add("name part " + EmptyError);
        else if (ByteLength(name) > LabelKeyNameMaxLength) errors.Add("name part " + MaxLenError(LabelKeyNameMaxLength));
        if (!IsLabelKeyName(name))
            errors.Add("name part " + RegexError(LabelKeyMessage, LabelKeyFormat, "MyName", "my.name", "123-abc"));
        return errors;
    }

    /// <summary>A label value: empty, or at most 63 alphanumerics, '-', '_', '.' starting and ending alphanumeric.</summary>
    public static IReadOnlyList<string> IsLabelValue(string value)
    {
        var errors = new List<string>();
        if (ByteLength(value) > LabelValueMaxLength) errors.Add(MaxLenError(LabelValueMaxLength));
        if (value.Length > 0 && !IsLabelKeyName(value))
            errors.Add(RegexError(LabelValueMessage, LabelValueFormat, "MyValue", "my_value", "12345"));
        return errors;
    }

    /// <summary>A lowercase RFC 1123 subdomain of at most 253 characters, e.g. a label key prefix.</summary>
    public static IReadOnlyList<string> IsDns1123Subdomain(string value)
    {
        var errors = new List<string>();
        if (ByteLength(value) > Dns1123SubdomainMaxLength) errors.Add(MaxLenError(Dns1123SubdomainMaxLength));
        if (!IsDns1123SubdomainShape(value))
            errors.Add(RegexError(Dns1123SubdomainMessage, Dns1123SubdomainFormat, "example.com"));
        return errors;
    }

    const string EmptyError = "must be non-empty";

    static string MaxLenError(int length) => $"must be no more than {length} characters";

    /// <summary>apimachinery's RegexError, including its double space after each example's comma.</summary>
    static string RegexError(string message, string format, params string[] examples)
    {
        var sb = new StringBuilder(message).Append(" (e.g. ");
        for (int i = 0; i < examples.Length; i++)
        {
            if (i > 0) sb.Append(" or ");
            sb.Append('\'').Append(examples[i]).Append("', ");
        }
        return sb.Append("regex used for validation is '").Append(format).Append("')").ToString();
    }

    static int ByteLength(string s) => Encoding.UTF8.GetByteCount(s);

    /// <summary>Matches <c>([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]</c> without a regex (this runs per label on every write).</summary>
    static bool IsLabelKeyName(string s)
    {
        if (s.Length == 0 || !char.IsAsciiLetterOrDigit(s[0]) || !char.IsAsciiLetterOrDigit(s[^1])) return false;
        for (int i = 1; i < s.Length - 1; i++)
        {
            char c = s[i];
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_' && c != '.') return false;
        }
        return true;
    }

    /// <summary>Matches <c>[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*</c>.</summary>
    static bool IsDns1123SubdomainShape(string s)
    {
        if (s.Length == 0) return false;
        foreach (var label in s.Split('.'))
        {
            if (label.Length == 0 || !IsLowerAlphanumeric(label[0]) || !IsLowerAlphanumeric(label[^1])) return false;
            foreach (char c in label)
                if (!IsLowerAlphanumeric(c) && c != '-') return false;
        }
        return true;
    }

    static bool IsLowerAlphanumeric(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);
}
