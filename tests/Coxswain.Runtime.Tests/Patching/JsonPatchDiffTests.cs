using System.Text.Json.Nodes;
using Coxswain.Runtime.Patching;

namespace Coxswain.Runtime.Tests.Patching;

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
}
