using Coxswain.LocalCluster.Validation;

namespace Coxswain.Kruise.Webhooks;

/// <summary>
/// apimachinery's <c>field.ErrorList.ToAggregate().Error()</c>, which OpenKruise's validating handlers answer with:
/// one error alone, several as <c>[a, b]</c>.
/// </summary>
internal static class FieldErrorAggregate
{
    public static string Message(IReadOnlyList<FieldError> errors) =>
        errors.Count == 1 ? errors[0].ToString() : $"[{string.Join(", ", errors.Select(e => e.ToString()))}]";
}
