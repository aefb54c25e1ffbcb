namespace Coxswain.LocalCluster.Selectors;

/// <summary>The operators of apimachinery's <c>selection.Operator</c> that a label requirement can use.</summary>
public enum LabelSelectorOperator
{
    /// <summary><c>k=v</c></summary>
    Equals,
    /// <summary><c>k==v</c> (same meaning as <see cref="Equals"/>, kept apart so the selector prints back as written)</summary>
    DoubleEquals,
    /// <summary><c>k!=v</c>; also true when the label is absent</summary>
    NotEquals,
    /// <summary><c>k in (a,b)</c></summary>
    In,
    /// <summary><c>k notin (a,b)</c>; also true when the label is absent</summary>
    NotIn,
    /// <summary><c>k</c></summary>
    Exists,
    /// <summary><c>!k</c></summary>
    DoesNotExist,
    /// <summary><c>k&gt;5</c>: the label is present and an integer greater than the value</summary>
    GreaterThan,
    /// <summary><c>k&lt;5</c>: the label is present and an integer less than the value</summary>
    LessThan,
}
