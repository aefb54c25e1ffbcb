using Coxswain.Runtime.Filters;
using Coxswain.Runtime.Cache;
using Coxswain.Runtime.Tests.Support;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Filters;

public class PredicateTests
{
    [Fact]
    public void Generation_changed_ignores_status_and_metadata_only_writes()
    {
        var old = Objects.Deployment("web", generation: 3, resourceVersion: "10");
        var statusWrite = Objects.Copy(old);
        statusWrite.Metadata.ResourceVersion = "11";
        statusWrite.Status = new V1DeploymentStatus { Replicas = 3 };
        var specWrite = Objects.Copy(old);
        specWrite.Metadata.Generation = 4;

        Assert.False(Predicates.GenerationChanged.Changed(old, statusWrite));
        Assert.True(Predicates.GenerationChanged.Changed(old, specWrite));
    }

    [Fact]
    public void Generation_changed_passes_every_update_of_kinds_without_a_generation()
    {
        var old = Objects.ConfigMap("settings");
        var updated = Objects.Copy(old);
        updated.Data = new Dictionary<string, string> { ["a"] = "b" };

        Assert.True(Predicates.GenerationChanged.Changed(old, updated));
    }

    [Fact]
    public void Finalizer_changes_pass_generation_or_finalizers_but_not_generation_alone()
    {
        var old = Objects.Deployment("web");
        var withFinalizer = Objects.Copy(old);
        withFinalizer.Metadata.Finalizers = ["example.com/cleanup"];

        Assert.False(Predicates.GenerationChanged.Changed(old, withFinalizer));
        Assert.True(Predicates.GenerationChanged.Or(Predicates.FinalizersChanged).Changed(old, withFinalizer));
        Assert.Equal("GenerationChanged || FinalizersChanged", Predicates.GenerationChanged.Or(Predicates.FinalizersChanged).Name);
    }

    [Fact]
    public void Absent_and_empty_collections_are_the_same()
    {
        var old = Objects.ConfigMap("a");
        var empty = Objects.Copy(old);
        empty.Metadata.Labels = new Dictionary<string, string>();
        empty.Metadata.Annotations = new Dictionary<string, string>();
        empty.Metadata.Finalizers = [];

        Assert.False(Predicates.LabelsChanged.Changed(old, empty));
        Assert.False(Predicates.AnnotationsChanged.Changed(old, empty));
        Assert.False(Predicates.FinalizersChanged.Changed(old, empty));
    }

    [Fact]
    public void Resource_version_changed_filters_replayed_objects_only()
    {
        var old = Objects.ConfigMap("a", resourceVersion: "5");

        Assert.False(Predicates.ResourceVersionChanged.Changed(old, Objects.Copy(old)));
        Assert.True(Predicates.ResourceVersionChanged.Changed(old, Objects.ConfigMap("a", resourceVersion: "6")));
    }

    [Fact]
    public void Deletion_requested_notices_the_deletion_timestamp()
    {
        var old = Objects.Deployment("web");
        var deleting = Objects.Copy(old);
        deleting.Metadata.DeletionTimestamp = new DateTime(2025, 1, 1, 0, 0, 0, DateTimeKind.Utc);

        Assert.True(Predicates.DeletionRequested.Changed(old, deleting));
        Assert.False(Predicates.DeletionRequested.Changed(deleting, Objects.Copy(deleting)));
    }

    [Fact]
    public void Additions_and_deletions_always_pass()
    {
        var obj = Objects.Deployment("web");
        var never = new Predicate("never", (_, _) => false);

        Assert.True(never.Allows(new ObjectChange<V1Deployment>(ObjectChangeType.Added, obj)));
        Assert.True(never.Allows(new ObjectChange<V1Deployment>(ObjectChangeType.Deleted, obj)));
        Assert.False(never.Allows(new ObjectChange<V1Deployment>(ObjectChangeType.Updated, obj, obj)));
    }

    [Property]
    public Property Labels_changed_is_exactly_map_inequality(Dictionary<NonEmptyString, string> oldLabels, Dictionary<NonEmptyString, string> newLabels, bool copy)
    {
        var before = Objects.ConfigMap("a");
        before.Metadata.Labels = oldLabels.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key.Get, kv => kv.Value);
        var after = Objects.ConfigMap("a");
        after.Metadata.Labels = copy
            ? new Dictionary<string, string>(before.Metadata.Labels)
            : newLabels.Where(kv => kv.Value is not null).ToDictionary(kv => kv.Key.Get, kv => kv.Value);

        var equal = before.Metadata.Labels.Count == after.Metadata.Labels.Count && !before.Metadata.Labels.Except(after.Metadata.Labels).Any();
        return (Predicates.LabelsChanged.Changed(before, after) == !equal
                && Predicates.LabelsChanged.Changed(before, after) == Predicates.LabelsChanged.Changed(after, before)).ToProperty();
    }

    [Property]
    public Property Or_and_And_combine_pointwise(bool a, bool b)
    {
        var obj = Objects.ConfigMap("a");
        var p = new Predicate("p", (_, _) => a);
        var q = new Predicate("q", (_, _) => b);

        return (p.Or(q).Changed(obj, obj) == (a || b) && p.And(q).Changed(obj, obj) == (a && b)).ToProperty();
    }
}
