using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;

namespace Coxswain.LocalCluster.Validation.Meta;

/// <summary>Annotation keys and the total annotation size limit.</summary>
public static class AnnotationValidation
{
    /// <summary>256 KiB, counted over keys and values together.</summary>
    public const int TotalSizeLimitBytes = 256 * 1024;

    public static IEnumerable<FieldError> ValidateAnnotations(JsonObject? annotations, FieldPath path)
    {
        long totalSize = 0;
        foreach (var (key, value) in annotations.StringMap())
        {
            // Annotation keys are qualified names compared case-insensitively, hence the lowering.
            foreach (var m in LabelFormats.IsQualifiedName(key.ToLowerInvariant())) yield return FieldError.Invalid(path, key, m);
            totalSize += ValidationText.GoLength(key) + ValidationText.GoLength(value);
        }
        if (totalSize > TotalSizeLimitBytes) yield return FieldError.TooLong(path, TotalSizeLimitBytes);
    }
}
