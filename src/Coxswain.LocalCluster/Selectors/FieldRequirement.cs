namespace Coxswain.LocalCluster.Selectors;

/// <summary>One term of a field selector: <c>field=value</c> or <c>field!=value</c>, with the value unescaped.</summary>
public readonly record struct FieldRequirement(string Field, FieldSelectorOperator Operator, string Value)
{
    /// <summary>Whether the field's value (null when the object has no such value, which counts as "") satisfies the term.</summary>
    public bool Matches(string? actual) =>
        string.Equals(actual ?? "", Value, StringComparison.Ordinal) == (Operator == FieldSelectorOperator.Equals);

    /// <summary>The term as apimachinery prints it, with the value escaped so it parses back unchanged.</summary>
    public override string ToString() =>
        Field + (Operator == FieldSelectorOperator.Equals ? "=" : "!=") + FieldSelectorValue.Escape(Value);
}
