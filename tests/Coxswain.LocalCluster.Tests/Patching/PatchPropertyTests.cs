using System.Text.Json.Nodes;
using Coxswain.LocalCluster.OpenApi;
using Coxswain.LocalCluster.Patching;
using Coxswain.LocalCluster.Patching.StrategicMerge;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using k8s.Models;

namespace Coxswain.LocalCluster.Tests.Patching;

/// <summary>
/// The patch laws over random objects: the diff of A→B applied to A gives B, and applying a diff twice changes nothing
/// more — for strategic merge patch (per kind schema) and for RFC 7386 merge patch.
/// </summary>
public class PatchPropertyTests
{
    public sealed record Kind(string Name, MergeSchema Schema, Gen<JsonObject> Objects)
    {
        public override string ToString() => Name;
    }

    static readonly Kind[] Kinds =
    [
        new("Pod", MergeSchema.Of(ModelSchemas.For(typeof(V1Pod))), ObjectGenerators.Pod),
        new("Deployment", MergeSchema.Of(ModelSchemas.For(typeof(V1Deployment))), ObjectGenerators.Deployment),
        new("ConfigMap", MergeSchema.Of(ModelSchemas.For(typeof(V1ConfigMap))), ObjectGenerators.ConfigMap),
    ];

    public sealed record Pair(Kind Kind, JsonObject A, JsonObject B)
    {
        public override string ToString() => $"{Kind}\nA={A.ToJsonString()}\nB={B.ToJsonString()}";
    }

    static Arbitrary<Pair> Pairs =>
        (from kind in Gen.Elements(Kinds)
         from a in kind.Objects
         from b in kind.Objects
         select new Pair(kind, a, b)).ToArbitrary();

    static bool Same(JsonNode? expected, JsonNode? actual) => JsonNode.DeepEquals(expected, actual);

    [Fact]
    public void The_generated_diffs_use_every_directive()
    {
        // Guards the properties against generators too tame to exercise the interesting cases.
        // A fixed seed keeps this check deterministic; the properties themselves run on fresh random input.
        var patches = Pairs.Generator.Sample(50, new Rnd(20240410UL), 300)
            .Select(p => StrategicMergeDiff.CreateTwoWayMergePatch(p.A, p.B, p.Kind.Schema).ToJsonString()).ToList();
        foreach (var directive in new[] { "$setElementOrder/containers", "$setElementOrder/env", "\"$patch\":\"delete\"",
                     "$deleteFromPrimitiveList/finalizers", "$retainKeys", ":null" })
            Assert.True(patches.Count(p => p.Contains(directive, StringComparison.Ordinal)) > 0, $"no generated diff has {directive}");
    }

    [Property(MaxTest = 250)]
    public Property Strategic_diff_applied_to_A_gives_B() => Prop.ForAll(Pairs, p =>
    {
        var patch = StrategicMergeDiff.CreateTwoWayMergePatch(p.A, p.B, p.Kind.Schema);
        var result = StrategicMergePatch.Apply(p.A, patch, p.Kind.Schema);
        return Same(p.B, result).Label($"patch={patch.ToJsonString()}\nresult={result.ToJsonString()}");
    });

    [Property(MaxTest = 100)]
    public Property Strategic_patches_are_idempotent() => Prop.ForAll(Pairs, p =>
    {
        var patch = StrategicMergeDiff.CreateTwoWayMergePatch(p.A, p.B, p.Kind.Schema);
        var once = StrategicMergePatch.Apply(p.A, patch, p.Kind.Schema);
        var twice = StrategicMergePatch.Apply(once, patch, p.Kind.Schema);
        return Same(once, twice).Label($"patch={patch.ToJsonString()}\nonce={once.ToJsonString()}\ntwice={twice.ToJsonString()}");
    });

    [Property(MaxTest = 100)]
    public Property Diff_of_an_object_with_itself_is_empty() => Prop.ForAll(Pairs, p =>
        StrategicMergeDiff.CreateTwoWayMergePatch(p.A, p.A, p.Kind.Schema).Count == 0
        && ((JsonObject)JsonMergePatch.Diff(p.A, p.A)!).Count == 0);

    [Property(MaxTest = 150)]
    public Property Merge_patch_diff_applied_to_A_gives_B() => Prop.ForAll(Pairs, p =>
        Same(p.B, JsonMergePatch.Apply(p.A, JsonMergePatch.Diff(p.A, p.B))));

    [Property(MaxTest = 150)]
    public Property Merge_patches_are_idempotent() => Prop.ForAll(Pairs, p =>
    {
        // Any merge patch, not only diffs: B itself read as a patch.
        var once = JsonMergePatch.Apply(p.A, p.B);
        return Same(once, JsonMergePatch.Apply(once, p.B));
    });
}
