using System.Globalization;
using System.Text;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Selectors;

/// <summary>
/// One requirement of a label selector (apimachinery's <c>labels.Requirement</c>): a key, an operator and the values the
/// operator compares against. Values are kept sorted and distinct, which is the order apimachinery prints them in.
/// </summary>
public sealed class LabelRequirement
{
    readonly string[] _values;
    /// <summary>The integer bound of a Gt/Lt requirement, parsed once instead of per matched object.</summary>
    readonly long _bound;

    LabelRequirement(string key, LabelSelectorOperator @operator, string[] values)
    {
        Key = key;
        Operator = @operator;
        _values = values;
        if (@operator is LabelSelectorOperator.GreaterThan or LabelSelectorOperator.LessThan)
            _bound = long.Parse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    public string Key { get; }
    public LabelSelectorOperator Operator { get; }
    public IReadOnlyList<string> Values => _values;

    /// <summary>
    /// apimachinery's <c>NewRequirement</c>: validates the key, the number of values the operator takes and each value,
    /// adding any failures to <paramref name="errors"/> with field paths under <paramref name="basePath"/>
    /// (null for none, as the string parser and <c>LabelSelectorAsSelector</c> use). Returns null when invalid.
    /// </summary>
    internal static LabelRequirement? Create(
        string key, LabelSelectorOperator @operator, IReadOnlyList<string>? values, string? basePath, List<FieldError> errors)
    {
        int errorsBefore = errors.Count;
        string Child(string name) => basePath is null ? name : basePath + "." + name;

        var keyErrors = LabelSyntax.IsLabelKey(key);
        if (keyErrors.Count > 0) errors.Add(SelectorFieldErrors.Invalid(Child("key"), key, string.Join("; ", keyErrors)));

        int count = values?.Count ?? 0;
        string valuesPath = Child("values");
        switch (@operator)
        {
            case LabelSelectorOperator.In or LabelSelectorOperator.NotIn when count == 0:
                errors.Add(SelectorFieldErrors.InvalidRendered(valuesPath, GoText.StringSlice(values),
                    "for 'in', 'notin' operators, values set can't be empty"));
                break;
            case LabelSelectorOperator.Equals or LabelSelectorOperator.DoubleEquals or LabelSelectorOperator.NotEquals when count != 1:
                errors.Add(SelectorFieldErrors.InvalidRendered(valuesPath, GoText.StringSlice(values),
                    "exact-match compatibility requires one single value"));
                break;
            case LabelSelectorOperator.Exists or LabelSelectorOperator.DoesNotExist when count != 0:
                errors.Add(SelectorFieldErrors.InvalidRendered(valuesPath, GoText.StringSlice(values),
                    "values set must be empty for exists and does not exist"));
                break;
            case LabelSelectorOperator.GreaterThan or LabelSelectorOperator.LessThan:
                if (count != 1)
                    errors.Add(SelectorFieldErrors.InvalidRendered(valuesPath, GoText.StringSlice(values),
                        "for 'Gt', 'Lt' operators, exactly one value is required"));
                for (int i = 0; i < count; i++)
                    if (!TextValue.Of(values![i]).TryParseInt64(out _))
                        errors.Add(SelectorFieldErrors.Invalid($"{valuesPath}[{i}]", values[i],
                            "for 'Gt', 'Lt' operators, the value must be an integer"));
                break;
        }

        for (int i = 0; i < count; i++)
        {
            var valueErrors = LabelSyntax.IsLabelValue(values![i]);
            if (valueErrors.Count > 0)
                errors.Add(SelectorFieldErrors.Invalid($"{valuesPath}[{i}][{key}]", values[i], string.Join("; ", valueErrors)));
        }

        if (errors.Count > errorsBefore) return null;
        var normalized = values is null ? [] : values.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        return new LabelRequirement(key, @operator, normalized);
    }

    /// <summary>Whether the labels satisfy this requirement; null means an object without labels.</summary>
    public bool Matches(IReadOnlyDictionary<string, string>? labels)
    {
        var lookup = new DictionaryLabels(labels);
        return Matches(ref lookup);
    }

    internal bool Matches<TLabels>(ref TLabels labels) where TLabels : struct, ILabelLookup
    {
        bool present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelSelectorOperator.In or LabelSelectorOperator.Equals or LabelSelectorOperator.DoubleEquals => present && HasValue(value),
            LabelSelectorOperator.NotIn or LabelSelectorOperator.NotEquals => !present || !HasValue(value),
            LabelSelectorOperator.Exists => present,
            LabelSelectorOperator.DoesNotExist => !present,
            LabelSelectorOperator.GreaterThan => present && value.TryParseInt64(out var greater) && greater > _bound,
            LabelSelectorOperator.LessThan => present && value.TryParseInt64(out var less) && less < _bound,
            _ => false,
        };
    }

    bool HasValue(TextValue value)
    {
        foreach (var candidate in _values)
            if (value.TextEquals(candidate)) return true;
        return false;
    }

    /// <summary>apimachinery's <c>Requirement.String()</c>: <c>k=v</c>, <c>k in (a,b)</c>, <c>!k</c>, <c>k&gt;1</c>…</summary>
    public override string ToString()
    {
        var sb = new StringBuilder();
        if (Operator == LabelSelectorOperator.DoesNotExist) sb.Append('!');
        sb.Append(Key);
        switch (Operator)
        {
            case LabelSelectorOperator.Exists or LabelSelectorOperator.DoesNotExist: return sb.ToString();
            case LabelSelectorOperator.Equals: sb.Append('='); break;
            case LabelSelectorOperator.DoubleEquals: sb.Append("=="); break;
            case LabelSelectorOperator.NotEquals: sb.Append("!="); break;
            case LabelSelectorOperator.GreaterThan: sb.Append('>'); break;
            case LabelSelectorOperator.LessThan: sb.Append('<'); break;
            case LabelSelectorOperator.In: sb.Append(" in ("); break;
            case LabelSelectorOperator.NotIn: sb.Append(" notin ("); break;
        }
        sb.AppendJoin(',', _values);
        if (Operator is LabelSelectorOperator.In or LabelSelectorOperator.NotIn) sb.Append(')');
        return sb.ToString();
    }
}
