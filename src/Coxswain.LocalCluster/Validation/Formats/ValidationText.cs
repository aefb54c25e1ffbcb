namespace Coxswain.LocalCluster.Validation.Formats;

/// <summary>The message fragments apimachinery composes its format errors from (util/validation and api/validate/content).</summary>
public static class ValidationText
{
    /// <summary>util/validation's length error, used for DNS names and config keys.</summary>
    public static string MaxLenCharacters(int length) => $"must be no more than {length} characters";

    /// <summary>api/validate/content's length error, used for label keys and values.</summary>
    public static string MaxLenBytes(int length) => $"must be no more than {length} bytes";

    public static string Empty => "must be non-empty";

    public static string InclusiveRange(long lo, long hi) => $"must be between {lo} and {hi}, inclusive";

    public const string NonNegative = "must be greater than or equal to 0";

    public const string Immutable = "field is immutable";

    /// <summary>Go's len(string): the UTF-8 byte count, which is what every upstream length limit measures.</summary>
    public static int GoLength(string value) => System.Text.Encoding.UTF8.GetByteCount(value);

    public static string Regex(string message, string regex, params string[] examples)
    {
        if (examples.Length == 0) return $"{message} (regex used for validation is '{regex}')";
        // Upstream appends "'x', " per example and joins with " or ", hence the double space before each "or".
        return $"{message} (e.g. {string.Join(" or ", examples.Select(e => $"'{e}', "))}regex used for validation is '{regex}')";
    }
}
