namespace Coxswain.LocalCluster.Validation.Kinds.Pods;

/// <summary>Relative-path rules for files projected into containers (validateLocalDescendingPath and friends).</summary>
public static class PathRules
{
    public static IEnumerable<FieldError> NoBacksteps(string target, FieldPath path)
    {
        if (target.Replace('\\', '/').Split('/').Contains(".."))
            yield return FieldError.Invalid(path, target, "must not contain '..'");
    }

    public static IEnumerable<FieldError> LocalDescending(string target, FieldPath path)
    {
        if (target.StartsWith('/')) yield return FieldError.Invalid(path, target, "must be a relative path");
        foreach (var e in NoBacksteps(target, path)) yield return e;
    }

    public static IEnumerable<FieldError> LocalNonReserved(string target, FieldPath path)
    {
        foreach (var e in LocalDescending(target, path)) yield return e;
        // "../x" is already reported as a backstep; "..x" is not a backstep but is still reserved.
        if (target.StartsWith("..", StringComparison.Ordinal) && !target.StartsWith("../", StringComparison.Ordinal))
            yield return FieldError.Invalid(path, target, "must not start with '..'");
    }
}
