using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Patching;
using Coxswain.Runtime.Patching;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Coxswain.Runtime.Tests.Patching;

/// <summary>Diffs as OpenKruise reads them (operations) and as a mutating webhook answers (applied by the local API server).</summary>
public class JsonPatchDiffTests
{
    static List<string> Diff(string original, string modified) =>
        JsonPatchDiff.Create(JsonNode.Parse(original), JsonNode.Parse(modified)).Select(o => $"{o.Op} {o.Path} {o.Value?.ToJsonString()}".TrimEnd()).ToList();

    [Fact]
    public void Equal_documents_have_no_operations() => Assert.Empty(Diff("""{"a":[1,{"b":2}]}""", """{"a":[1,{"b":2}]}"""));

    [Fact]
    public void Changed_scalars_are_replaced_added_and_removed_members_named()
    {
        Assert.Equal(
            ["replace /containers/0/image \"nginx:1.26\"", "add /containers/0/env [{\"name\":\"A\"}]", "remove /dnsPolicy"],
            Diff("""{"containers":[{"name":"main","image":"nginx:1.25"}],"dnsPolicy":"ClusterFirst"}""",
                 """{"containers":[{"name":"main","image":"nginx:1.26","env":[{"name":"A"}]}]}"""));
    }

    [Fact]
    public void Arrays_compare_by_index_and_grow_or_shrink_at_the_end()
    {
        Assert.Equal(["replace /a/0 9", "add /a/2 3"], Diff("""{"a":[1,2]}""", """{"a":[9,2,3]}"""));
        Assert.Equal(["remove /a/2", "remove /a/1"], Diff("""{"a":[1,2,3]}""", """{"a":[1]}"""));
    }

    [Fact]
    public void Keys_are_escaped_as_JSON_pointers() =>
        Assert.Equal(["add /labels/apps.kruise.io~1x \"1\""], Diff("""{"labels":{}}""", """{"labels":{"apps.kruise.io/x":"1"}}"""));

    [Property(MaxTest = 300)]
    public Property Applying_the_diff_to_the_original_yields_the_modified_document(int originalSeed, int editSeed)
    {
        // Admission objects are JSON objects: the root itself is never replaced (RFC 6902 appliers refuse that).
        var original = Object(new Random(originalSeed), depth: 3);
        var modified = Edit(original, new Random(editSeed), depth: 3, root: true);

        var patched = JsonPatch.Apply(original, JsonPatchDiff.CreatePatch(original, modified));

        return JsonNode.DeepEquals(patched, modified).Label($"{original.ToJsonString()} -> {modified.ToJsonString()}");
    }

    [Fact]
    public void Paths_escape_keys_and_lists_shrink_from_the_end()
    {
        var original = JsonNode.Parse("""{"metadata":{"labels":{"a/b~c":"1"}},"list":[1,2,3]}""")!;
        var modified = JsonNode.Parse("""{"metadata":{"labels":{"a/b~c":"2","new":"x"}},"list":[1]}""")!;

        Assert.Equal(
            """[{"op":"replace","path":"/metadata/labels/a~1b~0c","value":"2"},{"op":"add","path":"/metadata/labels/new","value":"x"},{"op":"remove","path":"/list/2"},{"op":"remove","path":"/list/1"}]""",
            JsonPatchDiff.CreatePatch(original, modified).ToJsonString());
        Assert.Empty(JsonPatchDiff.CreatePatch(original, original.DeepClone()));
    }

    private static JsonNode RandomDocument(Random random, int depth)
    {
        var kind = depth == 0 ? random.Next(3) : random.Next(5);
        return kind switch
        {
            0 => JsonValue.Create(random.Next(4)),
            1 => JsonValue.Create($"s{random.Next(4)}"),
            2 => JsonValue.Create(random.Next(2) == 0),
            3 => new JsonArray([.. Enumerable.Range(0, random.Next(4)).Select(_ => (JsonNode?)RandomDocument(random, depth - 1))]),
            _ => Object(random, depth),
        };
    }

    private static JsonObject Object(Random random, int depth)
    {
        var obj = new JsonObject();
        foreach (var key in Enumerable.Range(0, random.Next(4)).Select(i => $"k{random.Next(5)}/~{i % 2}").Distinct())
        {
            obj[key] = RandomDocument(random, depth - 1);
        }

        return obj;
    }

    // Mostly small edits of the original (so objects and lists are diffed member by member), sometimes a new document.
    private static JsonNode Edit(JsonNode node, Random random, int depth, bool root = false)
    {
        if (!root && (random.Next(6) == 0 || depth == 0))
        {
            return random.Next(2) == 0 ? node.DeepClone() : RandomDocument(random, depth);
        }

        switch (node)
        {
            case JsonObject obj:
                var edited = new JsonObject();
                foreach (var (key, value) in obj)
                {
                    if (random.Next(5) != 0)
                    {
                        edited[key] = value is null ? null : Edit(value, random, depth - 1);
                    }
                }

                if (random.Next(3) == 0)
                {
                    edited[$"added{random.Next(3)}"] = RandomDocument(random, depth - 1);
                }

                return edited;
            case JsonArray array:
                var items = array.Select(item => (JsonNode?)(item is null ? null : Edit(item, random, depth - 1))).ToList();
                if (items.Count > 0 && random.Next(3) == 0)
                {
                    items.RemoveAt(items.Count - 1);
                }

                if (random.Next(3) == 0)
                {
                    items.Add(RandomDocument(random, depth - 1));
                }

                return new JsonArray([.. items]);
            default:
                return node.DeepClone();
        }
    }
}
