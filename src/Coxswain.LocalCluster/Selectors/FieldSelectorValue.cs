using System.Text;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Selectors;

/// <summary>
/// The escaping of field selector values (apimachinery's <c>fields.EscapeValue</c>/<c>UnescapeValue</c>): a value may
/// contain ',' '=' and '\' only as <c>\,</c> <c>\=</c> and <c>\\</c>, so that terms and operators can be split safely.
/// </summary>
public static class FieldSelectorValue
{
    public static string Escape(string value)
    {
        if (value.AsSpan().IndexOfAny('\\', ',', '=') < 0) return value;
        var sb = new StringBuilder(value.Length + 4);
        foreach (char c in value)
        {
            if (c is '\\' or ',' or '=') sb.Append('\\');
            sb.Append(c);
        }
        return sb.ToString();
    }

    /// <exception cref="StatusError">400 BadRequest for an unknown escape or a bare ',' or '=', with apimachinery's message.</exception>
    public static string Unescape(string value)
    {
        if (value.AsSpan().IndexOfAny('\\', ',', '=') < 0) return value;
        var sb = new StringBuilder(value.Length);
        bool escaped = false;
        foreach (var rune in value.EnumerateRunes())
        {
            if (escaped)
            {
                if (rune.Value is not ('\\' or ',' or '='))
                    throw StatusError.BadRequest($"invalid field selector: invalid escape sequence: \\{rune}");
                sb.Append(rune.ToString());
                escaped = false;
            }
            else if (rune.Value == '\\') escaped = true;
            else if (rune.Value is ',' or '=')
                throw StatusError.BadRequest($"invalid field selector: unescaped character in value: {rune}");
            else sb.Append(rune.ToString());
        }
        if (escaped) throw StatusError.BadRequest("invalid field selector: invalid escape sequence: \\");
        return sb.ToString();
    }
}
