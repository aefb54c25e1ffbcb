using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Selectors;

/// <summary>
/// A metav1.LabelSelector that cannot be turned into a selector (apimachinery's <c>LabelSelectorAsSelector</c> error).
/// <see cref="Exception.Message"/> is the upstream error text; <see cref="Errors"/> holds the field errors behind it, with
/// paths relative to one requirement ("key", "values[0][app]") as upstream reports them, and is empty when the failure
/// is not about a field (an unknown operator, or JSON of the wrong shape).
/// </summary>
public sealed class InvalidLabelSelectorException(string message, IReadOnlyList<FieldError> errors) : Exception(message)
{
    public InvalidLabelSelectorException(string message) : this(message, []) { }

    public IReadOnlyList<FieldError> Errors { get; } = errors;
}
