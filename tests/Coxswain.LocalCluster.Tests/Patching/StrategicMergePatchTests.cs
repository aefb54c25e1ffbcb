using System.Text.Json.Nodes;
using Coxswain.LocalCluster.OpenApi;
using Coxswain.LocalCluster.Patching;
using Coxswain.LocalCluster.Patching.StrategicMerge;
using k8s.Models;

namespace Coxswain.LocalCluster.Tests.Patching;

public class StrategicMergePatchTests
{
    static readonly MergeSchema Pod = MergeSchema.Of(ModelSchemas.For(typeof(V1Pod)));
    static readonly MergeSchema Deployment = MergeSchema.Of(ModelSchemas.For(typeof(V1Deployment)));

    internal static JsonObject J(string json) => JsonNode.Parse(json)!.AsObject();

    static JsonObject Patch(MergeSchema schema, string original, string patch) => StrategicMergePatch.Apply(J(original), J(patch), schema);

    static void AssertJson(string expected, JsonNode actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\nactual   {actual.ToJsonString()}");

    static string Names(JsonNode? list) => string.Join(",", list!.AsArray().Select(i => i is JsonObject o ? (string?)o["name"] : (string?)i));

    const string TwoContainers = """{"spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:1","args":["x","y"]}]}}""";

    [Fact]
    public void Containers_merge_by_name_and_other_lists_are_replaced()
    {
        var result = Patch(Pod, TwoContainers, """{"spec":{"containers":[{"name":"b","image":"b:2","args":["z"]}]}}""");
        AssertJson("""{"spec":{"containers":[{"name":"a","image":"a:1"},{"name":"b","image":"b:2","args":["z"]}]}}""", result);
    }

    [Fact]
    public void A_new_item_without_set_element_order_goes_before_the_server_items()
    {
        // normalizeElementOrder: patch items without a position on the server are placed before server-only items.
        var result = Patch(Pod, TwoContainers, """{"spec":{"containers":[{"name":"c","image":"c:1"}]}}""");
        Assert.Equal("c,a,b", Names(result["spec"]!["containers"]));
    }

    [Fact]
    public void Set_element_order_decides_the_order_of_the_merged_list()
    {
        var result = Patch(Pod, TwoContainers, """
            {"spec":{"$setElementOrder/containers":[{"name":"b"},{"name":"c"},{"name":"a"}],"containers":[{"name":"c","image":"c:1"}]}}
            """);
        Assert.Equal("b,c,a", Names(result["spec"]!["containers"]));
        Assert.False(result["spec"]!.AsObject().ContainsKey("$setElementOrder/containers"));
    }

    [Fact]
    public void Server_only_items_keep_their_place_relative_to_named_items()
    {
        // The design proposal's example: live B,C,A; patch A',B',D without $setElementOrder.
        var result = Patch(Pod,
            """{"spec":{"containers":[{"name":"B"},{"name":"C"},{"name":"A"}]}}""",
            """{"spec":{"containers":[{"name":"A","image":"a"},{"name":"B","image":"b"},{"name":"D"}]}}""");
        Assert.Equal("C,A,B,D", Names(result["spec"]!["containers"]));
    }

    [Fact]
    public void Set_element_order_interleaves_server_only_items_by_the_server_order()
    {
        var result = Patch(Pod,
            """{"spec":{"containers":[{"name":"C"},{"name":"B"},{"name":"D"},{"name":"A"},{"name":"E"}]}}""",
            """{"spec":{"$setElementOrder/containers":[{"name":"A"},{"name":"B"}],"containers":[{"name":"A","image":"a"},{"name":"B","image":"b"}]}}""");
        Assert.Equal("C,D,A,B,E", Names(result["spec"]!["containers"]));
    }

    [Fact]
    public void Patch_delete_in_a_list_item_removes_the_item()
    {
        var result = Patch(Pod, TwoContainers, """{"spec":{"containers":[{"name":"a","$patch":"delete"}]}}""");
        Assert.Equal("b", Names(result["spec"]!["containers"]));
    }

    [Fact]
    public void Patch_replace_in_a_list_replaces_the_whole_list()
    {
        var result = Patch(Pod, TwoContainers, """{"spec":{"containers":[{"name":"z","image":"z"},{"$patch":"replace"}]}}""");
        AssertJson("""[{"name":"z","image":"z"}]""", result["spec"]!["containers"]!);
    }

    [Fact]
    public void Patch_replace_and_delete_in_a_map()
    {
        var original = """{"metadata":{"labels":{"a":"1","b":"2"}},"spec":{"nodeSelector":{"x":"1"}}}""";
        var replaced = Patch(Pod, original, """{"metadata":{"labels":{"c":"3","$patch":"replace"}}}""");
        AssertJson("""{"c":"3"}""", replaced["metadata"]!["labels"]!);
        var deleted = Patch(Pod, original, """{"spec":{"nodeSelector":{"$patch":"delete"}}}""");
        AssertJson("{}", deleted["spec"]!["nodeSelector"]!);
        var merged = Patch(Pod, original, """{"metadata":{"labels":{"c":"3","$patch":"merge"}}}""");
        AssertJson("""{"a":"1","b":"2","c":"3"}""", merged["metadata"]!["labels"]!);
    }

    [Fact]
    public void Null_deletes_a_key()
    {
        var result = Patch(Pod, """{"metadata":{"labels":{"a":"1","b":"2"}}}""", """{"metadata":{"labels":{"a":null,"gone":null}}}""");
        AssertJson("""{"b":"2"}""", result["metadata"]!["labels"]!);
    }

    [Fact]
    public void Retain_keys_clears_the_keys_it_does_not_list()
    {
        var result = Patch(Deployment,
            """{"spec":{"strategy":{"type":"RollingUpdate","rollingUpdate":{"maxSurge":1}}}}""",
            """{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate"}}}""");
        AssertJson("""{"type":"Recreate"}""", result["spec"]!["strategy"]!);
    }

    [Fact]
    public void Retain_keys_rejects_a_patch_setting_an_unlisted_key()
    {
        var e = Assert.Throws<StrategicMergePatchException>(() => Patch(Deployment,
            """{"spec":{"strategy":{"type":"RollingUpdate"}}}""",
            """{"spec":{"strategy":{"$retainKeys":["type"],"type":"Recreate","rollingUpdate":{}}}}"""));
        Assert.Equal("invalid patch format of retainKeys", e.Message);
        Assert.Equal(StrategicMergePatchErrorKind.BadRequest, e.Kind);
    }

    [Fact]
    public void Volumes_are_retain_keys_items()
    {
        var result = Patch(Pod,
            """{"spec":{"volumes":[{"name":"v","configMap":{"name":"c"}}]}}""",
            """{"spec":{"volumes":[{"name":"v","emptyDir":{},"$retainKeys":["emptyDir","name"]}]}}""");
        AssertJson("""[{"name":"v","emptyDir":{}}]""", result["spec"]!["volumes"]!);
    }

    [Fact]
    public void Finalizers_merge_as_a_set_and_delete_from_primitive_list_removes()
    {
        var original = """{"metadata":{"finalizers":["a","b","c"]}}""";
        var added = Patch(Pod, original, """{"metadata":{"finalizers":["b","d"]}}""");
        Assert.Equal("a,b,d,c", Names(added["metadata"]!["finalizers"]));
        var removed = Patch(Pod, original, """{"metadata":{"$deleteFromPrimitiveList/finalizers":["b","x"]}}""");
        Assert.Equal("a,c", Names(removed["metadata"]!["finalizers"]));
    }

    [Fact]
    public void Primitive_list_order_follows_set_element_order()
    {
        // The design proposal's finalizers example, as apimachinery's code orders it.
        var result = Patch(Pod, """{"metadata":{"finalizers":["b","e","a","c","d"]}}""", """
            {"metadata":{"$setElementOrder/finalizers":["a","b","f"],"$deleteFromPrimitiveList/finalizers":["c"],"finalizers":["f"]}}
            """);
        Assert.Equal("e,a,b,f,d", Names(result["metadata"]!["finalizers"]));
    }

    [Fact]
    public void Env_and_ports_merge_by_their_keys()
    {
        var result = Patch(Pod,
            """{"spec":{"containers":[{"name":"a","env":[{"name":"X","value":"1"},{"name":"Y","value":"2"}],"ports":[{"containerPort":80},{"containerPort":443}]}]}}""",
            """{"spec":{"containers":[{"name":"a","env":[{"name":"Y","value":"3"}],"ports":[{"containerPort":443,"name":"https"}]}]}}""");
        AssertJson("""[{"name":"a","env":[{"name":"X","value":"1"},{"name":"Y","value":"3"}],"ports":[{"containerPort":80},{"containerPort":443,"name":"https"}]}]""",
            result["spec"]!["containers"]!);
    }

    [Fact]
    public void A_missing_merge_key_is_reported_with_apimachinery_text()
    {
        var e = Assert.Throws<StrategicMergePatchException>(() => Patch(Pod, TwoContainers, """{"spec":{"containers":[{"image":"nginx"}]}}"""));
        Assert.Equal("map: map[image:nginx] does not contain declared merge key: name", e.Message);
        Assert.Equal(StrategicMergePatchErrorKind.Unknown, e.Kind);
    }

    [Fact]
    public void Lists_of_lists_are_rejected()
    {
        var e = Assert.Throws<StrategicMergePatchException>(() =>
            Patch(Pod, """{"metadata":{"finalizers":["a"]}}""", """{"metadata":{"finalizers":[["b"]]}}"""));
        Assert.Equal(StrategicMergePatchErrorKind.Unprocessable, e.Kind);
    }

    [Fact]
    public void Patch_items_out_of_set_element_order_are_rejected()
    {
        var e = Assert.Throws<StrategicMergePatchException>(() => Patch(Pod, TwoContainers,
            """{"spec":{"$setElementOrder/containers":[{"name":"a"}],"containers":[{"name":"b","image":"b:2"}]}}"""));
        Assert.StartsWith("The order in patch list:", e.Message);
    }

    [Fact]
    public void Malformed_parallel_lists_are_bad_requests()
    {
        var e = Assert.Throws<StrategicMergePatchException>(() => Patch(Pod, TwoContainers, """{"metadata":{"$retainKeys":"x"}}"""));
        Assert.Equal(StrategicMergePatchErrorKind.BadRequest, e.Kind);
    }

    [Fact]
    public void Patching_an_absent_key_resolves_the_directives_inside()
    {
        var result = Patch(Pod, """{"spec":{}}""", """{"spec":{"containers":[{"name":"a","image":"x","env":[{"name":"E","$patch":"delete"}]}],"nodeSelector":{"a":null,"b":"1"}}}""");
        AssertJson("""{"spec":{"containers":[{"name":"a","image":"x","env":[]}],"nodeSelector":{"b":"1"}}}""", result);
    }

    [Fact]
    public void The_inputs_are_not_modified()
    {
        var original = J(TwoContainers);
        var patch = J("""{"spec":{"containers":[{"name":"a","image":"a:2"}]}}""");
        var before = (original.ToJsonString(), patch.ToJsonString());
        StrategicMergePatch.Apply(original, patch, Pod);
        Assert.Equal(before, (original.ToJsonString(), patch.ToJsonString()));
    }

    [Fact]
    public void The_two_way_diff_is_what_kubectl_sends()
    {
        var patch = StrategicMergeDiff.CreateTwoWayMergePatch(J(TwoContainers),
            J("""{"spec":{"containers":[{"name":"b","image":"b:2","args":["x","y"]},{"name":"c","image":"c:1"}]}}"""), Pod);
        AssertJson("""
            {"spec":{
              "$setElementOrder/containers":[{"name":"b"},{"name":"c"}],
              "containers":[{"name":"b","image":"b:2"},{"name":"c","image":"c:1"},{"name":"a","$patch":"delete"}]}}
            """, patch);
    }
}
