using System.Globalization;
using System.Text;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Validation;
using Microsoft.AspNetCore.Http;

namespace Coxswain.LocalCluster.Http;

/// <summary>
/// The <c>fieldManager</c> of a write: the query parameter, or — as kube-apiserver's managerOrUserAgent — the User-Agent
/// up to its first '/' ("kubectl", "main", "kube-controller-manager"), without unprintable characters, at most 128 bytes.
/// </summary>
public static class FieldManagerParameter
{
    public const int MaxLength = 128;

    public static string Resolve(HttpContext ctx, RequestQuery q) => q.FieldManager ?? PrefixFromUserAgent(ctx.Request.Headers.UserAgent.ToString());

    static string PrefixFromUserAgent(string userAgent)
    {
        var prefix = userAgent.Split('/')[0];
        var result = new StringBuilder();
        var bytes = 0;
        foreach (var rune in prefix.EnumerateRunes())
        {
            if (!IsPrint(rune)) continue;
            if (bytes + rune.Utf8SequenceLength > MaxLength) break;
            bytes += rune.Utf8SequenceLength;
            result.Append(rune.ToString());
        }
        return result.ToString();
    }

    /// <summary>
    /// apimachinery's ValidateFieldManager for <paramref name="optionsKind"/> ("CreateOptions", "UpdateOptions",
    /// "PatchOptions"), plus the patch-only rules: apply needs a manager, and only apply takes <c>force</c>.
    /// </summary>
    public static void Validate(string optionsKind, RequestQuery q, PatchType? patchType = null)
    {
        var errors = new List<FieldError>();
        if (patchType is { } type)
        {
            if (type != PatchType.Apply && q.Force is not null)
                errors.Add(FieldError.Forbidden("force", "may not be specified for non-apply patch"));
            if (type == PatchType.Apply && q.FieldManager is null)
                errors.Add(FieldError.Required("fieldManager", "is required for apply requests"));
        }
        if (q.FieldManager is { } manager)
        {
            if (Encoding.UTF8.GetByteCount(manager) > MaxLength) errors.Add(FieldError.TooLong("fieldManager", MaxLength));
            var position = 0;
            foreach (var rune in manager.EnumerateRunes())
            {
                if (!IsPrint(rune))
                    errors.Add(FieldError.Invalid("fieldManager", manager, $"invalid character U+{rune.Value:X4} (at position {position})"));
                position += rune.Utf8SequenceLength;
            }
        }
        if (errors.Count > 0) throw StatusError.Invalid($"{optionsKind}.meta.k8s.io", "meta.k8s.io", optionsKind, "", errors);
    }

    /// <summary>Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space.</summary>
    static bool IsPrint(Rune rune) => rune.Value == ' ' || Rune.GetUnicodeCategory(rune) switch
    {
        UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.Surrogate or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned or UnicodeCategory.SpaceSeparator or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator => false,
        _ => true,
    };
}
