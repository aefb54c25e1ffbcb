using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Patching;
using Coxswain.Runtime.Patching;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Patching;

public class MergePatchDiffTests
{
    /// <summary>Applying the diff (with the local server's RFC 7386 implementation) to the original yields the modified document.</summary>
    [Property(MaxTest = 300)]
    public Property The_diff_turns_the_original_into_the_modified_document(int originalSeed, int modifiedSeed)
    {
        var original = RandomDocument(new Random(originalSeed), depth: 3);
        // Half the time the modified document is an edit of the original, so nested diffs are exercised, not only replacements.
        var modified = modifiedSeed % 2 == 0 ? RandomDocument(new Random(modifiedSeed), depth: 3) : Edit((JsonObject)original.DeepClone(), new Random(modifiedSeed));

        var patch = MergePatchDiff.Create(original, modified);
        var patched = JsonMergePatch.Apply(original.DeepClone(), patch);

        return JsonNode.DeepEquals(patched, modified).Label($"original {original.ToJsonString()}\nmodified {modified.ToJsonString()}\npatch {patch.ToJsonString()}");
    }

    [Property(MaxTest = 100)]
    public Property Equal_documents_need_no_patch(int seed)
    {
        var document = RandomDocument(new Random(seed), depth: 3);

        return (MergePatchDiff.Create(document, (JsonObject)document.DeepClone()).Count == 0).ToProperty();
    }

    [Fact]
    public void Merge_from_sends_only_the_changed_fields_and_nulls_for_removed_ones()
    {
        var original = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta { Name = "a", ResourceVersion = "7", Labels = new Dictionary<string, string> { ["keep"] = "1", ["drop"] = "2" } },
            Data = new Dictionary<string, string> { ["k"] = "v" },
        };
        var modified = k8s.KubernetesJson.Deserialize<V1ConfigMap>(k8s.KubernetesJson.Serialize(original));
        modified.Metadata.Labels.Remove("drop");
        modified.Data["k"] = "w";

        Assert.Equal("""{"data":{"k":"w"},"metadata":{"labels":{"drop":null}}}""", Patches.ContentOf(Patches.MergeFrom(original, modified)));
        Assert.Equal(
            """{"data":{"k":"w"},"metadata":{"labels":{"drop":null},"resourceVersion":"7"}}""",
            Patches.ContentOf(Patches.MergeFrom(original, modified, optimisticLock: true)));
    }

    private static JsonObject RandomDocument(Random random, int depth)
    {
        var document = new JsonObject();
        foreach (var key in Keys.Where(_ => random.Next(3) > 0))
        {
            document[key] = RandomValue(random, depth);
        }

        return document;
    }

    private static JsonNode RandomValue(Random random, int depth) => random.Next(depth > 0 ? 5 : 3) switch
    {
        0 => JsonValue.Create(random.Next(3)),
        1 => JsonValue.Create(Keys[random.Next(Keys.Length)]),
        2 => JsonValue.Create(random.Next(2) == 0),
        3 => new JsonArray([.. Enumerable.Range(0, random.Next(3)).Select(_ => (JsonNode?)JsonValue.Create(random.Next(3)))]),
        _ => RandomDocument(random, depth - 1),
    };

    private static JsonObject Edit(JsonObject document, Random random)
    {
        foreach (var key in document.Select(p => p.Key).ToList())
        {
            switch (random.Next(4))
            {
                case 0:
                    document.Remove(key);
                    break;
                case 1:
                    document[key] = document[key] is JsonObject nested ? Edit(nested, random) : RandomValue(random, 1);
                    break;
            }
        }

        if (random.Next(2) == 0)
        {
            document[Keys[random.Next(Keys.Length)]] = RandomValue(random, 1);
        }

        return document;
    }

    private static readonly string[] Keys = ["a", "b", "c", "d"];
}
