using System.Text;

namespace Coxswain.LocalCluster.OpenApi;

public enum StrictFieldErrorKind
{
    UnknownField,
    DuplicateField,
}

/// <summary>
/// A field that strict decoding rejects, with its path as sigs.k8s.io/json builds it: object keys joined by ".",
/// list indexes as "[i]" (<c>spec.template.spec.containers[0].bogus</c>). <see cref="ToString"/> renders it as
/// apimachinery does: <c>unknown field "spec.foo"</c> / <c>duplicate field "spec.replicas"</c>.
/// </summary>
public sealed record StrictFieldError(StrictFieldErrorKind Kind, string Path)
{
    public override string ToString() =>
        $"{(Kind == StrictFieldErrorKind.UnknownField ? "unknown field" : "duplicate field")} {GoQuote(Path)}";

    /// <summary>
    /// The body of the 400 for <c>fieldValidation=Strict</c> after "&lt;Kind&gt; in version "v1" cannot be handled as a &lt;Kind&gt;: ",
    /// e.g. <c>strict decoding error: unknown field "spec.foo", unknown field "spec.bar"</c>.
    /// </summary>
    public static string StrictDecodingMessage(IEnumerable<StrictFieldError> errors) =>
        "strict decoding error: " + string.Join(", ", errors);

    /// <summary>Go's strconv.Quote: backslash escapes for quotes, backslashes and control characters.</summary>
    static string GoQuote(string value)
    {
        var quoted = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            switch (c)
            {
                case '"': quoted.Append("\\\""); break;
                case '\\': quoted.Append("\\\\"); break;
                case '\n': quoted.Append("\\n"); break;
                case '\r': quoted.Append("\\r"); break;
                case '\t': quoted.Append("\\t"); break;
                default:
                    if (char.IsControl(c)) quoted.Append($"\\x{(int)c:x2}");
                    else quoted.Append(c);
                    break;
            }
        }
        return quoted.Append('"').ToString();
    }
}
