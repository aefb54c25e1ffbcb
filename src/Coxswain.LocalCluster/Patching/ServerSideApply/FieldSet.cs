namespace Coxswain.LocalCluster.Patching.ServerSideApply;

/// <summary>
/// A set of field paths stored as a trie (structured-merge-diff's <c>fieldpath.Set</c>): at each node, the path
/// elements that are themselves members and the children that lead to deeper members. A node can be both (a list item
/// owned as a whole and some of its fields: FieldsV1's <c>"."</c>). Parent paths of members are not members.
/// Set operations return new sets; only <see cref="Insert"/> mutates, while a set is being built. A built set is never
/// changed again, so results share unchanged subtrees (and an operand, when the other side is empty) instead of copying
/// them: managedFields are recomputed on every write, and copying every owner's set each time dominated its cost.
/// </summary>
public sealed class FieldSet
{
    readonly SortedSet<PathElement> members = [];
    readonly SortedDictionary<PathElement, FieldSet> children = [];

    public static FieldSet Empty => new();

    public bool IsEmpty => members.Count == 0 && children.Count == 0;

    public IReadOnlyCollection<PathElement> Members => members;
    public IReadOnlyDictionary<PathElement, FieldSet> Children => children;

    /// <summary>Adds <paramref name="path"/> as a member (an empty path adds nothing: the root is never owned).</summary>
    public void Insert(IReadOnlyList<PathElement> path)
    {
        if (path.Count == 0) return;
        var node = this;
        for (var i = 0; i < path.Count - 1; i++) node = node.Child(path[i]);
        node.members.Add(path[^1]);
    }

    public static FieldSet Of(params IReadOnlyList<PathElement>[] paths)
    {
        var set = new FieldSet();
        foreach (var path in paths) set.Insert(path);
        return set;
    }

    FieldSet Child(PathElement element)
    {
        if (!children.TryGetValue(element, out var child)) children[element] = child = new FieldSet();
        return child;
    }

    public bool Has(IReadOnlyList<PathElement> path)
    {
        if (path.Count == 0) return false;
        var node = this;
        for (var i = 0; i < path.Count - 1; i++)
            if (!node.children.TryGetValue(path[i], out node!)) return false;
        return node.members.Contains(path[^1]);
    }

    public bool IsMember(PathElement element) => members.Contains(element);

    /// <summary>The paths below <paramref name="element"/>, relative to it (structured-merge-diff's <c>WithPrefix</c>).</summary>
    public FieldSet WithPrefix(PathElement element) => children.TryGetValue(element, out var child) ? child : Empty;

    public FieldSet Union(FieldSet other)
    {
        if (other.IsEmpty) return this;
        if (IsEmpty) return other;
        var result = ShallowCopy();
        result.members.UnionWith(other.members);
        foreach (var (element, child) in other.children)
            result.children[element] = result.children.TryGetValue(element, out var mine) ? mine.Union(child) : child;
        return result;
    }

    /// <summary>Members of this set that are not members of <paramref name="other"/>.</summary>
    public FieldSet Difference(FieldSet other) =>
        other.IsEmpty || IsEmpty ? this : Combine(other, (a, b) => a && !b, (mine, theirs) => mine.Difference(theirs), keepUnmatched: true);

    public FieldSet Intersection(FieldSet other) =>
        other.IsEmpty || IsEmpty ? Empty : Combine(other, (a, b) => a && b, (mine, theirs) => mine.Intersection(theirs), keepUnmatched: false);

    /// <summary>Members of this set that are neither members of <paramref name="other"/> nor below one of its members.</summary>
    public FieldSet RecursiveDifference(FieldSet other)
    {
        if (other.IsEmpty || IsEmpty) return this;
        var result = new FieldSet();
        foreach (var m in members)
            if (!other.members.Contains(m)) result.members.Add(m);
        foreach (var (element, child) in children)
        {
            if (other.members.Contains(element)) continue;
            var rest = other.children.TryGetValue(element, out var theirs) ? child.RecursiveDifference(theirs) : child;
            if (!rest.IsEmpty) result.children[element] = rest;
        }
        return result;
    }

    FieldSet Combine(FieldSet other, Func<bool, bool, bool> keepMember, Func<FieldSet, FieldSet, FieldSet> combineChildren, bool keepUnmatched)
    {
        var result = new FieldSet();
        foreach (var m in members)
            if (keepMember(true, other.members.Contains(m))) result.members.Add(m);
        foreach (var (element, child) in children)
        {
            FieldSet? combined = other.children.TryGetValue(element, out var theirs) ? combineChildren(child, theirs)
                : keepUnmatched ? child : null;
            if (combined is { IsEmpty: false }) result.children[element] = combined;
        }
        return result;
    }

    /// <summary>
    /// This set plus every named struct field on the way to its members (structured-merge-diff's
    /// <c>EnsureNamedFieldsAreMembers</c>): owning <c>spec.replicas</c> also owns the struct field <c>spec</c>, while owning a
    /// label does not own <c>labels</c> (a map) — which decides what pruning may remove.
    /// </summary>
    public FieldSet EnsureNamedFieldsAreMembers(MergeSchema schema)
    {
        var result = new FieldSet();
        result.members.UnionWith(members);
        foreach (var (element, child) in children)
        {
            if (element.Kind == PathElementKind.Field && schema.IsNamedField(element.Text)) result.members.Add(element);
            var childSchema = element.Kind == PathElementKind.Field ? schema.Field(element.Text) : schema.Items;
            result.children[element] = child.EnsureNamedFieldsAreMembers(childSchema);
        }
        return result;
    }

    /// <summary>Every member path: at each node its members first, then the children's, in path-element order.</summary>
    public IEnumerable<IReadOnlyList<PathElement>> Paths() => PathsUnder([]);

    IEnumerable<IReadOnlyList<PathElement>> PathsUnder(List<PathElement> prefix)
    {
        foreach (var m in members) yield return [.. prefix, m];
        foreach (var (element, child) in children)
            foreach (var path in child.PathsUnder([.. prefix, element]))
                yield return path;
    }

    /// <summary>A new top node with this one's members and (shared) children, for an operation to add to.</summary>
    FieldSet ShallowCopy()
    {
        var copy = new FieldSet();
        copy.members.UnionWith(members);
        foreach (var (element, child) in children) copy.children[element] = child;
        return copy;
    }

    /// <summary>A path as structured-merge-diff prints it: <c>.spec.containers[name="nginx"].image</c>.</summary>
    public static string PathText(IEnumerable<PathElement> path) => string.Concat(path.Select(p => p.ToString()));

    public override string ToString() => string.Join("\n", Paths().Select(PathText));
}
