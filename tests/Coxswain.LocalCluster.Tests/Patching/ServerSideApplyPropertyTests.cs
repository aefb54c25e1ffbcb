using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Patching;
using Coxswain.LocalCluster.Patching.ServerSideApply;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using k8s.Models;

namespace Coxswain.LocalCluster.Tests.Patching;

/// <summary>Server-side apply laws over random pods, deployments and config maps.</summary>
public class ServerSideApplyPropertyTests
{
    static readonly ResourceDefinition Deployments = new()
    {
        Group = "apps", Version = "v1", Kind = "Deployment", Plural = "deployments", Singular = "deployment", Namespaced = true,
        Subresources = ["status", "scale"], ModelType = typeof(V1Deployment),
    };

    public sealed record Kind(ResourceDefinition Resource, Gen<JsonObject> Objects)
    {
        public override string ToString() => Resource.Kind;
    }

    static readonly Kind[] Kinds =
    [
        new(BuiltInResources.Pods, ObjectGenerators.Pod),
        new(Deployments, ObjectGenerators.Deployment),
        new(BuiltInResources.ConfigMaps, ObjectGenerators.ConfigMap),
    ];

    public sealed record Configs(Kind Kind, JsonObject A, JsonObject B)
    {
        public override string ToString() => $"{Kind}\nA={A.ToJsonString()}\nB={B.ToJsonString()}";
    }

    /// <summary>An applied configuration: the generated object with its type and a name.</summary>
    static JsonObject Config(ResourceDefinition r, JsonObject obj)
    {
        var config = new JsonObject { ["apiVersion"] = r.ApiVersion, ["kind"] = r.Kind };
        foreach (var (key, value) in obj) config[key] = value?.DeepClone();
        if (config["metadata"] is not JsonObject meta) config["metadata"] = meta = new JsonObject();
        meta["name"] = "x";
        return config;
    }

    static Arbitrary<Configs> Pairs =>
        (from kind in Gen.Elements(Kinds)
         from a in kind.Objects
         from b in kind.Objects
         select new Configs(kind, Config(kind.Resource, a), Config(kind.Resource, b))).ToArbitrary();

    static readonly DateTimeOffset Now = new(2024, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>
    /// Without managedFields and empty lists and objects: apply, like structured-merge-diff, drops a list or map it
    /// empties by pruning where the configuration wrote an empty one.
    /// </summary>
    static JsonNode? Content(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                var result = new JsonObject();
                foreach (var (key, value) in o)
                    if (key != "managedFields" && Content(value) is var v && v is not (JsonObject { Count: 0 } or JsonArray { Count: 0 })) result[key] = v;
                return result;
            case JsonArray a:
                return new JsonArray(a.Select(Content).ToArray());
            default:
                return node?.DeepClone();
        }
    }

    [Property(MaxTest = 150)]
    public Property A_sole_applier_gets_exactly_its_last_configuration() => Prop.ForAll(Pairs, p =>
    {
        var r = p.Kind.Resource;
        var first = FieldManager.Apply(r, null, p.A, "m", force: false, subresource: null, Now);
        var second = FieldManager.Apply(r, first, p.B, "m", force: false, subresource: null, Now);
        return JsonNode.DeepEquals(Content(p.B), Content(second)).Label($"result={second.ToJsonString()}");
    });

    /// <summary>Up to empty containers: a list pruned empty disappears, and an applied [] brings it back once.</summary>
    [Property(MaxTest = 150)]
    public Property Applying_the_same_configuration_twice_changes_nothing() => Prop.ForAll(Pairs, p =>
    {
        var r = p.Kind.Resource;
        var once = FieldManager.Apply(r, FieldManager.Apply(r, null, p.A, "m", false, null, Now), p.B, "m", false, null, Now);
        var twice = FieldManager.Apply(r, once, p.B, "m", false, null, Now.AddHours(1));
        return (JsonNode.DeepEquals(Content(once), Content(twice))
                && JsonNode.DeepEquals(once["metadata"]!["managedFields"]?[0]?["fieldsV1"], twice["metadata"]!["managedFields"]?[0]?["fieldsV1"]))
            .Label($"once={once.ToJsonString()}\ntwice={twice.ToJsonString()}");
    });

    [Property(MaxTest = 150)]
    public Property Fields_v1_round_trips() => Prop.ForAll(Pairs, p =>
    {
        var set = FieldSetBuilder.Build(MergeSchema.ForResource(p.Kind.Resource), p.A);
        var encoded = FieldsV1.Encode(set);
        var decoded = FieldsV1.Decode(encoded)!;
        return encoded.ToJsonString() == FieldsV1.Encode(decoded).ToJsonString()
               && decoded.Paths().Count() == set.Paths().Count();
    });

    [Property(MaxTest = 150)]
    public Property An_update_owns_exactly_what_it_changed() => Prop.ForAll(Pairs, p =>
    {
        // After a create by one manager and an update by another, every field of the object that the update changed
        // is the updater's alone, and the two entries never share a field.
        var r = p.Kind.Resource;
        var created = p.A.DeepClone().AsObject();
        FieldManager.RecordUpdate(r, null, created, "creator", null, Now);
        var updated = p.B.DeepClone().AsObject();
        updated["metadata"]!["managedFields"] = created["metadata"]!["managedFields"]?.DeepClone();
        FieldManager.RecordUpdate(r, created, updated, "updater", null, Now);
        var managed = ManagedFieldSets.Decode(updated["metadata"]!["managedFields"])!;
        var sets = managed.Managers.Values.Select(m => m.Fields).ToList();
        var overlap = sets.Count == 2 && !sets[0].Intersection(sets[1]).IsEmpty;
        var schema = MergeSchema.ForResource(r);
        var changed = ObjectComparison.Compare(schema, p.A, p.B).AddedOrModified;
        var updater = managed.Managers.FirstOrDefault(m => m.Key.Manager == "updater").Value?.Fields ?? FieldSet.Empty;
        var missing = changed.Difference(updater).Paths().Where(path => path[0].Text is not ("apiVersion" or "kind" or "metadata") || path.Count > 1 && path[1].Text is "labels" or "annotations" or "finalizers");
        var notOwned = string.Join(", ", missing.Select(FieldSet.PathText));
        return (!overlap && notOwned.Length == 0).Label($"overlap={overlap}; not owned by the updater: {notOwned}");
    });
}
