using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Patching;

namespace Coxswain.LocalCluster.Tests.Patching;

/// <summary>The <c>test</c> operation as evanphx/json-patch (kube-apiserver's implementation) evaluates it.</summary>
public class JsonPatchTestOperationTests
{
    private static readonly JsonObject Document = JsonNode.Parse("""{"metadata":{"name":"a","finalizers":["x"]}}""")!.AsObject();

    [Fact]
    public void An_absent_member_of_an_existing_object_tests_equal_to_null()
    {
        var patched = JsonPatch.Apply(JsonNode.Parse("""{"metadata":{"name":"a"}}""")!, Operations(
            """[{"op":"test","path":"/metadata/finalizers","value":null},{"op":"add","path":"/metadata/finalizers","value":["f"]}]"""));

        Assert.Equal("""{"metadata":{"name":"a","finalizers":["f"]}}""", patched.ToJsonString());
    }

    [Fact]
    public void An_absent_member_does_not_equal_a_value()
    {
        var error = Assert.Throws<JsonPatchException>(() => JsonPatch.Apply(Document, Operations("""[{"op":"test","path":"/metadata/labels","value":{}}]""")));

        Assert.Equal("testing value /metadata/labels failed: test failed", error.Message);
    }

    [Fact]
    public void A_present_member_does_not_equal_null()
    {
        Assert.Throws<JsonPatchException>(() => JsonPatch.Apply(Document, Operations("""[{"op":"test","path":"/metadata/finalizers","value":null}]""")));
    }

    [Fact]
    public void A_missing_parent_is_an_error()
    {
        var error = Assert.Throws<JsonPatchException>(() => JsonPatch.Apply(Document, Operations("""[{"op":"test","path":"/spec/replicas","value":null}]""")));

        Assert.Contains("/spec", error.Message);
    }

    private static JsonArray Operations(string json) => JsonNode.Parse(json)!.AsArray();
}
