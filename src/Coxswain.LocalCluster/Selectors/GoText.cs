using System.Globalization;
using System.Text;

namespace Coxswain.LocalCluster.Selectors;

/// <summary>
/// Renders values the way Go's fmt/strconv do, so error messages built from them match kube-apiserver byte for byte:
/// <c>%q</c> (strconv.Quote) and <c>%#v</c> of a <c>[]string</c>.
/// </summary>
internal static class GoText
{
    /// <summary>Go's strconv.Quote: double-quoted, with Go escapes for quotes, backslashes and non-printable runes.</summary>
    public static string Quote(string value)
    {
        var sb = new StringBuilder(value.Length + 2);
        sb.Append('"');
        foreach (var rune in value.EnumerateRunes()) // lone surrogates arrive as U+FFFD, as UTF-8 encoding would make them
            AppendQuotedRune(sb, rune);
        return sb.Append('"').ToString();
    }

    /// <summary>Go's <c>%#v</c> of a <c>[]string</c>: <c>[]string(nil)</c>, <c>[]string{}</c> or <c>[]string{"a", "b"}</c>.</summary>
    public static string StringSlice(IReadOnlyList<string>? values) =>
        values is null ? "[]string(nil)" : "[]string{" + string.Join(", ", values.Select(Quote)) + "}";

    static void AppendQuotedRune(StringBuilder sb, Rune rune)
    {
        int r = rune.Value;
        switch (r)
        {
            case '"': sb.Append("\\\""); return;
            case '\\': sb.Append("\\\\"); return;
            case '\a': sb.Append("\\a"); return;
            case '\b': sb.Append("\\b"); return;
            case '\f': sb.Append("\\f"); return;
            case '\n': sb.Append("\\n"); return;
            case '\r': sb.Append("\\r"); return;
            case '\t': sb.Append("\\t"); return;
            case '\v': sb.Append("\\v"); return;
        }
        if (IsPrint(rune)) sb.Append(rune.ToString());
        else if (r < ' ' || r == 0x7f) sb.Append("\\x").Append(r.ToString("x2", CultureInfo.InvariantCulture));
        else if (r < 0x10000) sb.Append("\\u").Append(r.ToString("x4", CultureInfo.InvariantCulture));
        else sb.Append("\\U").Append(r.ToString("x8", CultureInfo.InvariantCulture));
    }

    /// <summary>Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    static bool IsPrint(Rune rune)
    {
        if (rune.Value == ' ') return true;
        return Rune.GetUnicodeCategory(rune) switch
        {
            UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
                or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
                or UnicodeCategory.ParagraphSeparator => false,
            _ => true,
        };
    }
}
