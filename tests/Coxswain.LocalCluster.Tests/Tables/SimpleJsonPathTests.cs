using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Tables;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Coxswain.LocalCluster.Tests.Tables;

public class SimpleJsonPathTests
{
    static readonly JsonNode Document = JsonNode.Parse("""
        {"metadata":{"name":"web","labels":{"app.kubernetes.io/name":"web","tier":"fe"}},
         "spec":{"replicas":3,"paused":false,"ratio":0.5,
                 "template":{"spec":{"containers":[{"name":"a","image":"nginx:1"},{"name":"b","image":"envoy:2"},{"name":"c","image":"busybox"}]}}},
         "status":{"conditions":[{"type":"Available","status":"True","priority":1},{"type":"Ready","status":"False","priority":5}],
                   "empty":null}}
        """)!;

    static string Select(string path) => string.Join("|", SimpleJsonPath.Parse(path).Evaluate(Document).Select(n => n.ToJsonString()));

    [Theory]
    [InlineData(".spec.replicas", "3")]
    [InlineData("$.spec.replicas", "3")]
    [InlineData("spec.replicas", "3")]
    [InlineData(".spec.paused", "false")]
    [InlineData(".metadata.labels.tier", "\"fe\"")]
    [InlineData(".metadata.labels['app.kubernetes.io/name']", "\"web\"")]
    [InlineData(".metadata.labels[\"app.kubernetes.io/name\"]", "\"web\"")]
    [InlineData(@".metadata.labels.app\.kubernetes\.io/name", "\"web\"")]
    [InlineData(".spec.template.spec.containers[*].image", "\"nginx:1\"|\"envoy:2\"|\"busybox\"")]
    [InlineData(".spec.template.spec.containers[1].name", "\"b\"")]
    [InlineData(".spec.template.spec.containers[-1].name", "\"c\"")]
    [InlineData(".spec.template.spec.containers[0:2].name", "\"a\"|\"b\"")]
    [InlineData(".spec.template.spec.containers[::2].name", "\"a\"|\"c\"")]
    [InlineData(".spec.template.spec.containers[7].name", "")]
    [InlineData(".status.conditions[?(@.type==\"Ready\")].status", "\"False\"")]
    [InlineData(".status.conditions[?(@.type == 'Available')].status", "\"True\"")]
    [InlineData(".status.conditions[?(@.type!=\"Ready\")].type", "\"Available\"")]
    [InlineData(".status.conditions[?(@.priority > 2)].type", "\"Ready\"")]
    [InlineData(".status.conditions[?(@.priority<=1)].type", "\"Available\"")]
    [InlineData(".status.conditions[?(@.reason)].type", "")]
    [InlineData(".status.conditions[?(@.status)].type", "\"Available\"|\"Ready\"")]
    [InlineData(".metadata.labels.*", "\"web\"|\"fe\"")]
    [InlineData("..image", "\"nginx:1\"|\"envoy:2\"|\"busybox\"")]
    [InlineData(".status.empty", "")]
    [InlineData(".status.missing.deeper", "")]
    [InlineData(".spec.replicas.deeper", "")]
    public void Selects_values_like_client_go(string path, string expected) => Assert.Equal(expected, Select(path));

    [Theory]
    [InlineData(".spec[")]
    [InlineData(".spec[abc]")]
    [InlineData(".status.conditions[?(@.type=~\"R\")]")]
    [InlineData(".status.conditions[?@.type]")]
    [InlineData(".spec.")]
    [InlineData(".metadata.labels['unterminated]")]
    [InlineData("{range .items[*]}")]
    public void Rejects_unsupported_or_malformed_paths(string path)
    {
        Assert.Throws<FormatException>(() => SimpleJsonPath.Parse(path));
        Assert.False(SimpleJsonPath.TryParse(path, out _));
    }

    [Property]
    public Property Dotted_paths_find_what_was_put_there()
    {
        var segment = Gen.Elements("a", "spec", "status", "x1", "replicas", "name").ToArbitrary();
        var segments = Gen.Choose(1, 5).SelectMany(n => Gen.ArrayOf(segment.Generator, n)).ToArbitrary();
        return Prop.ForAll(segments, ArbMap.Default.ArbFor<int>(), (keys, value) =>
        {
            JsonNode node = value;
            for (var i = keys.Length - 1; i >= 0; i--) node = new JsonObject { [keys[i]] = node };
            var found = SimpleJsonPath.Parse("." + string.Join(".", keys)).Evaluate(node);
            return found.Count == 1 && found[0].GetValue<int>() == value;
        });
    }
}
