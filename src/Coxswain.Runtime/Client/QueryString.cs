using System.Text;

namespace Coxswain.Runtime.Client;

/// <summary>Builds a URL query, leaving out parameters without a value.</summary>
internal sealed class QueryString
{
    private readonly StringBuilder _query = new();

    public QueryString Add(string name, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            _query.Append(_query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
        }

        return this;
    }

    public QueryString Add(string name, bool value) => value ? Add(name, "true") : this;

    public QueryString Add(string name, int? value) =>
        Add(name, value?.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public override string ToString() => _query.ToString();
}
