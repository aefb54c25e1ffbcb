using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;

namespace Coxswain.LocalCluster.Validation.Meta;

/// <summary>metadata.finalizers (and Namespace spec.finalizers) names.</summary>
public static class FinalizerValidation
{
    public const string Orphan = "orphan";
    public const string ForegroundDeletion = "foregroundDeletion";
    public const string Kubernetes = "kubernetes";

    static readonly HashSet<string> StandardNames = [Kubernetes, Orphan, ForegroundDeletion];

    /// <summary>apimachinery's rule: qualified names (reported against the list path) and not both GC finalizers.</summary>
    public static IEnumerable<FieldError> ValidateFinalizers(JsonArray? finalizers, FieldPath path)
    {
        var names = finalizers.Strings().Select(s => s.Value).ToList();
        foreach (var name in names)
            foreach (var m in LabelFormats.IsQualifiedName(name)) yield return FieldError.Invalid(path, name, m);
        if (names.Contains(Orphan) && names.Contains(ForegroundDeletion))
            yield return FieldError.Invalid(path, finalizers, $"finalizer {Orphan} and {ForegroundDeletion} cannot be both set");
    }

    /// <summary>
    /// The extra rule kube-apiserver adds for its own (core, apps, discovery) kinds: an unprefixed finalizer must be one of
    /// the standard names.
    /// </summary>
    public static IEnumerable<FieldError> ValidateKubeFinalizerName(string name, FieldPath path)
    {
        if (!name.Contains('/') && !StandardNames.Contains(name))
            yield return FieldError.Invalid(path, name, "name is neither a standard finalizer name nor is it fully qualified");
    }
}
