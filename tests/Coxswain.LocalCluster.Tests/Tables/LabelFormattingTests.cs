using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Tables;

namespace Coxswain.LocalCluster.Tests.Tables;

public class LabelFormattingTests
{
    [Fact]
    public void Labels_are_sorted_by_key_or_none()
    {
        Assert.Equal("a=1,b=2,c=", LabelFormatting.FormatLabels(new Dictionary<string, string> { ["c"] = "", ["a"] = "1", ["b"] = "2" }));
        Assert.Equal("<none>", LabelFormatting.FormatLabels(new Dictionary<string, string>()));
    }

    [Theory]
    [InlineData(null, "<none>")]
    [InlineData("{}", "<none>")]
    [InlineData("""{"matchLabels":{"b":"2","a":"1"}}""", "a=1,b=2")]
    [InlineData("""{"matchExpressions":[{"key":"env","operator":"NotIn","values":["prod","dev"]},{"key":"canary","operator":"Exists"}]}""", "canary,env notin (dev,prod)")]
    [InlineData("""{"matchExpressions":[{"key":"env","operator":"In","values":["x"]}]}""", "env in (x)")]
    [InlineData("""{"matchExpressions":[{"key":"env","operator":"In","values":[]}]}""", "<error>")]
    [InlineData("""{"matchExpressions":[{"key":"env","operator":"Exists","values":["x"]}]}""", "<error>")]
    [InlineData("""{"matchExpressions":[{"key":"env","operator":"Near"}]}""", "<error>")]
    public void Selectors_render_like_metav1_FormatLabelSelector(string? selector, string expected) =>
        Assert.Equal(expected, LabelFormatting.FormatLabelSelector(selector is null ? null : JsonNode.Parse(selector)!.AsObject()));
}
