namespace Coxswain.LocalCluster.Selectors;

/// <summary>The two comparisons a field selector supports; <c>==</c> is read as <see cref="Equals"/>.</summary>
public enum FieldSelectorOperator
{
    Equals,
    NotEquals,
}
