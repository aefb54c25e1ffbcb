using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Patching.ServerSideApply;

/// <summary>
/// Who owns which fields after a write (structured-merge-diff's <c>merge.Updater</c>). An Update takes ownership of
/// what it changed, silently, from everyone; an Apply owns exactly what its configuration sets, removes what its
/// manager applied before and no longer does (unless someone else owns it), and conflicts with other managers whose
/// fields it would change — unless forced, when it takes them.
/// </summary>
/// <param name="ignored">Fields the write cannot change, with everything below them (reset by the strategy).</param>
/// <param name="stripped">Paths never recorded for anyone (server-owned metadata).</param>
internal sealed class FieldOwnership(MergeSchema schema, FieldSet ignored, FieldSet stripped)
{
    /// <summary>Records a non-apply write by <paramref name="manager"/>; returns whether the manager's entry changed.</summary>
    public bool Update(ManagedFieldSets managed, JsonObject live, JsonObject updated, ManagerIdentity manager, string apiVersion, DateTimeOffset now)
    {
        var changes = ObjectComparison.Compare(schema, live, updated, ignoreManagedFields: true).Excluding(ignored);
        // Everyone else loses what this write changed or removed; the writer gains what it changed.
        ReleaseChangedFields(managed, changes, except: manager, force: true);
        var taken = changes.AddedOrModified.Difference(changes.Removed).Difference(stripped);
        var previous = managed[manager];
        if (taken.IsEmpty)
        {
            // Nothing of its own changed: the manager's entry only loses removed fields and keeps its time.
            if (previous is not null) managed[manager] = previous with { Fields = previous.Fields.Difference(changes.Removed) };
            return false;
        }
        var kept = previous?.Fields.Difference(changes.Removed) ?? FieldSet.Empty;
        // Rewriting fields it already owns (the usual status write) leaves the manager's set as it was: keep that very
        // set, whose encoding is already known.
        var fields = taken.Difference(kept).IsEmpty ? kept : kept.Union(taken);
        managed[manager] = new ManagedFieldSet(fields, apiVersion, now);
        return true;
    }

    /// <summary>
    /// Applies <paramref name="config"/> for <paramref name="manager"/>: the merged object, with the manager's set
    /// replaced by the configuration's fields (<paramref name="configFields"/>, already without ignored paths). Throws <see cref="ApplyConflictException"/> on conflicts unless forced.
    /// </summary>
    public JsonObject Apply(ManagedFieldSets managed, JsonObject live, JsonObject config, FieldSet configFields,
        ManagerIdentity manager, string apiVersion, bool force, DateTimeOffset now)
    {
        var merged = ApplyMerge.Merge(schema, live, config);
        var lastApplied = managed[manager];
        managed[manager] = new ManagedFieldSet(configFields, apiVersion, lastApplied?.Time);
        if (lastApplied is not null) merged = Prune(merged, managed, lastApplied.Fields);

        var changes = ObjectComparison.Compare(schema, live, merged).Excluding(ignored);
        ReleaseChangedFields(managed, changes, except: manager, force);
        // Server-owned metadata (the name above all) counted as the applier's while pruning, so that removing what it
        // stopped applying never takes the object's identity with it; it is not recorded.
        var changed = !JsonNode.DeepEquals(live, merged);
        var time = changed || lastApplied?.Time is null ? now : lastApplied.Time;
        managed[manager] = new ManagedFieldSet(configFields.Difference(stripped), apiVersion, time);
        return merged;
    }

    /// <summary>
    /// Other managers lose the fields the write adds or modifies (a conflict unless <paramref name="force"/>) and the
    /// fields it removes.
    /// </summary>
    static void ReleaseChangedFields(ManagedFieldSets managed, ObjectComparison changes, ManagerIdentity except, bool force)
    {
        var addedOrModified = changes.AddedOrModified;
        var conflicts = new List<ApplyConflict>();
        var updates = new List<(ManagerIdentity, ManagedFieldSet)>();
        foreach (var (other, set) in managed.Managers)
        {
            if (other == except) continue;
            var conflicting = set.Fields.Intersection(addedOrModified);
            if (!force) conflicts.AddRange(conflicting.Paths().Select(p => new ApplyConflict(other, p)));
            updates.Add((other, set with { Fields = set.Fields.Difference(conflicting).Difference(changes.Removed) }));
        }
        if (conflicts.Count > 0) throw new ApplyConflictException(conflicts);
        foreach (var (other, set) in updates) managed[other] = set;
    }

    /// <summary>
    /// Removes from <paramref name="merged"/> what the applier owned last time and no longer applies, unless another
    /// manager owns it (structured-merge-diff's prune: remove the last applied set, add back everything still owned,
    /// then remove only what was really the applier's).
    /// </summary>
    JsonObject Prune(JsonObject merged, ManagedFieldSets managed, FieldSet lastApplied)
    {
        if (lastApplied.IsEmpty) return merged;
        var last = lastApplied.EnsureNamedFieldsAreMembers(schema);
        var pruned = ItemRemoval.Remove(schema, merged, last);

        var owned = managed.Managers.Values.Aggregate(FieldSet.Empty, (all, m) => all.Union(m.Fields)).EnsureNamedFieldsAreMembers(schema);
        var mergedFields = Members(merged);
        var withOwnedBack = ItemRemoval.Remove(schema, merged, mergedFields.Difference(Members(pruned).Union(owned)));

        var reallyRemoved = mergedFields.Difference(Members(withOwnedBack)).Intersection(last);
        return ItemRemoval.Remove(schema, merged, reallyRemoved);
    }

    FieldSet Members(JsonObject value) => FieldSetBuilder.Build(schema, value).EnsureNamedFieldsAreMembers(schema);
}
