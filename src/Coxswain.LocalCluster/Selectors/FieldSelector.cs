using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Selectors;

/// <summary>
/// A field selector with apimachinery's semantics (<c>fields.ParseSelector</c>): an AND of <c>field=value</c> and
/// <c>field!=value</c> terms. Which fields a resource supports, and their values, is <see cref="SelectableFields"/>' job.
/// Immutable and safe to share between threads.
/// </summary>
public sealed class FieldSelector
{
    static readonly string[] TermOperators = ["!=", "==", "="];

    readonly FieldRequirement[] _requirements;

    FieldSelector(FieldRequirement[] requirements) => _requirements = requirements;

    public static FieldSelector Everything { get; } = new([]);

    /// <summary>The terms, ordered as upstream orders them (by their text as written).</summary>
    public IReadOnlyList<FieldRequirement> Requirements => _requirements;

    public bool IsEmpty => _requirements.Length == 0;

    /// <summary>Parses <c>a=b,c!=d,e==f</c>; values may escape ',', '=' and '\' with a backslash. Null or empty selects everything.</summary>
    /// <exception cref="StatusError">400 BadRequest, e.g. <c>invalid selector: 'x'; can't understand 'x'</c>.</exception>
    public static FieldSelector Parse(string? selector)
    {
        if (string.IsNullOrEmpty(selector)) return Everything;
        var terms = SplitTerms(selector);
        // Upstream sorts the raw terms, which decides both the printed order and which bad term is reported first.
        terms.Sort(StringComparer.Ordinal);
        var requirements = new List<FieldRequirement>(terms.Count);
        foreach (var term in terms)
        {
            if (term.Length == 0) continue;
            if (!TrySplitTerm(term, out var field, out var @operator, out var escapedValue))
                throw StatusError.BadRequest($"invalid selector: '{selector}'; can't understand '{term}'");
            requirements.Add(new FieldRequirement(field, @operator, FieldSelectorValue.Unescape(escapedValue)));
        }
        return requirements.Count == 0 ? Everything : new FieldSelector(requirements.ToArray());
    }

    /// <summary>Splits at commas that are not escaped with a backslash.</summary>
    static List<string> SplitTerms(string selector)
    {
        var terms = new List<string>();
        int start = 0;
        bool escaped = false;
        for (int i = 0; i < selector.Length; i++)
        {
            char c = selector[i];
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == ',')
            {
                terms.Add(selector[start..i]);
                start = i + 1;
            }
        }
        terms.Add(selector[start..]);
        return terms;
    }

    /// <summary>The field is everything before the first operator; nothing is trimmed, so "a = b" names field "a ".</summary>
    static bool TrySplitTerm(string term, out string field, out FieldSelectorOperator @operator, out string value)
    {
        for (int i = 0; i < term.Length; i++)
        {
            foreach (var candidate in TermOperators)
            {
                if (string.CompareOrdinal(term, i, candidate, 0, candidate.Length) != 0) continue;
                field = term[..i];
                @operator = candidate == "!=" ? FieldSelectorOperator.NotEquals : FieldSelectorOperator.Equals;
                value = term[(i + candidate.Length)..];
                return true;
            }
        }
        field = value = "";
        @operator = default;
        return false;
    }

    /// <summary>
    /// Whether an object matches, given a lookup from field name to value; a null value counts as "" (upstream's
    /// fields.Set.Get returns "" for a missing field).
    /// </summary>
    public bool Matches(Func<string, string?> lookup)
    {
        foreach (var requirement in _requirements)
            if (!requirement.Matches(lookup(requirement.Field))) return false;
        return true;
    }

    /// <summary>The same terms with the field names rewritten, e.g. a legacy alias to its current name.</summary>
    internal FieldSelector WithFieldNames(Func<string, string> rename) =>
        IsEmpty ? this : new FieldSelector(_requirements.Select(r => r with { Field = rename(r.Field) }).ToArray());

    /// <summary>apimachinery's String(): the terms joined with ',', values escaped; <see cref="Parse"/> reads it back.</summary>
    public override string ToString() => string.Join(",", _requirements.Select(r => r.ToString()));
}
