using Coxswain.Runtime.Cache;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Filters;

/// <summary>
/// Decides whether an update of an object is worth a reconcile (controller-runtime's <c>predicate.Funcs.Update</c>,
/// kube-rs's <c>predicates::*</c>). Additions and deletions always pass: a filter that dropped them could leave a
/// controller unaware of an object, or stuck on one being deleted. Combine with <see cref="Or"/> — a controller
/// that filters on generation alone never sees its own finalizer being added or a deletion being requested through a
/// finalizer removal, which is why seed 003 recommends <c>GenerationChanged.Or(FinalizersChanged)</c>.
/// </summary>
public sealed class Predicate
{
    private readonly Func<IKubernetesObject<V1ObjectMeta>, IKubernetesObject<V1ObjectMeta>, bool> _changed;

    /// <param name="name">Shown in <see cref="ToString"/>, for logs.</param>
    /// <param name="changed">Whether an update from the first (old) to the second (new) object matters.</param>
    public Predicate(string name, Func<IKubernetesObject<V1ObjectMeta>, IKubernetesObject<V1ObjectMeta>, bool> changed)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(changed);
        Name = name;
        _changed = changed;
    }

    public string Name { get; }

    /// <summary>Whether the update from <paramref name="oldObject"/> to <paramref name="newObject"/> matters.</summary>
    public bool Changed(IKubernetesObject<V1ObjectMeta> oldObject, IKubernetesObject<V1ObjectMeta> newObject) =>
        _changed(oldObject, newObject);

    /// <summary>Whether a cache change passes: additions and deletions always, updates when <see cref="Changed"/>.</summary>
    public bool Allows<T>(ObjectChange<T> change) where T : IKubernetesObject<V1ObjectMeta> =>
        change.Type != ObjectChangeType.Updated || change.OldObject is null || Changed(change.OldObject, change.Object);

    /// <summary>Passes an update when either predicate does (kube-rs's <c>combine</c>, controller-runtime's <c>Or</c>).</summary>
    public Predicate Or(Predicate other) => new($"{Name} || {other.Name}", (o, n) => Changed(o, n) || other.Changed(o, n));

    /// <summary>Passes an update only when both predicates do.</summary>
    public Predicate And(Predicate other) => new($"{Name} && {other.Name}", (o, n) => Changed(o, n) && other.Changed(o, n));

    public override string ToString() => Name;
}
