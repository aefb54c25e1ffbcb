using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Filters;

/// <summary>The standard predicates, pure functions of the old and new object's metadata.</summary>
public static class Predicates
{
    /// <summary>
    /// <c>metadata.generation</c> changed, i.e. the spec changed (status and metadata writes do not bump it). Kinds that
    /// have no generation (ConfigMap, Secret…) always pass, as in kube-rs: comparing two absent generations would
    /// silently filter every update of such kinds.
    /// </summary>
    public static Predicate GenerationChanged { get; } = new(
        nameof(GenerationChanged),
        (o, n) => n.Metadata?.Generation is null || o.Metadata?.Generation != n.Metadata.Generation);

    /// <summary>Labels were added, removed or changed.</summary>
    public static Predicate LabelsChanged { get; } = new(
        nameof(LabelsChanged), (o, n) => !SameMap(o.Metadata?.Labels, n.Metadata?.Labels));

    /// <summary>Annotations were added, removed or changed.</summary>
    public static Predicate AnnotationsChanged { get; } = new(
        nameof(AnnotationsChanged), (o, n) => !SameMap(o.Metadata?.Annotations, n.Metadata?.Annotations));

    /// <summary>The finalizer list changed (order included, as kube-rs hashes it).</summary>
    public static Predicate FinalizersChanged { get; } = new(
        nameof(FinalizersChanged), (o, n) => !SameList(o.Metadata?.Finalizers, n.Metadata?.Finalizers));

    /// <summary>
    /// <c>metadata.resourceVersion</c> changed: any write at all. Filters only the no-op updates a relist or resync
    /// replays.
    /// </summary>
    public static Predicate ResourceVersionChanged { get; } = new(
        nameof(ResourceVersionChanged),
        (o, n) => !string.Equals(o.Metadata?.ResourceVersion, n.Metadata?.ResourceVersion, StringComparison.Ordinal));

    /// <summary><c>metadata.deletionTimestamp</c> was set or changed.</summary>
    public static Predicate DeletionRequested { get; } = new(
        nameof(DeletionRequested), (o, n) => o.Metadata?.DeletionTimestamp != n.Metadata?.DeletionTimestamp);

    // Absent and empty maps/lists are the same to the API server (empty ones are dropped on write).
    private static bool SameMap(IDictionary<string, string>? a, IDictionary<string, string>? b)
    {
        if ((a?.Count ?? 0) != (b?.Count ?? 0))
        {
            return false;
        }

        if (a is null || b is null)
        {
            return true;
        }

        foreach (var (key, value) in a)
        {
            if (!b.TryGetValue(key, out var other) || !string.Equals(value, other, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }

    private static bool SameList(IList<string>? a, IList<string>? b) =>
        (a?.Count ?? 0) == (b?.Count ?? 0) && (a is null || b is null || a.SequenceEqual(b, StringComparer.Ordinal));
}
