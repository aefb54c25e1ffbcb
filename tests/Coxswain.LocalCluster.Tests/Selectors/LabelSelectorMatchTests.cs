using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Selectors;

namespace Coxswain.LocalCluster.Tests.Selectors;

public class LabelSelectorMatchTests
{
    /// <summary>Labels written as "k=v,k2=v2" for compact test data; "-" means an object without labels.</summary>
    static Dictionary<string, string>? Labels(string text) =>
        text == "-" ? null : text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

    [Theory]
    [InlineData("x=a", "x=a", true)]
    [InlineData("x==a", "x=a", true)]
    [InlineData("x=a", "x=b", false)]
    [InlineData("x=a", "y=a", false)]
    [InlineData("x=a", "-", false)]
    [InlineData("x=", "x=", true)]
    [InlineData("x=", "-", false)]
    [InlineData("x!=a", "-", true)]
    [InlineData("x!=a", "x=a", false)]
    [InlineData("x!=a", "x=b", true)]
    [InlineData("x in (a,b)", "x=b", true)]
    [InlineData("x in (a,b)", "x=c", false)]
    [InlineData("x in (a,b)", "-", false)]
    [InlineData("x in ()", "x=", true)]
    [InlineData("x notin (a,b)", "-", true)]
    [InlineData("x notin (a,b)", "x=a", false)]
    [InlineData("x notin (a,b)", "x=c", true)]
    [InlineData("x", "x=", true)]
    [InlineData("x", "y=1", false)]
    [InlineData("!x", "x=", false)]
    [InlineData("!x", "-", true)]
    [InlineData("x>1", "x=2", true)]
    [InlineData("x>1", "x=1", false)]
    [InlineData("x>1", "x=+2", true)]
    [InlineData("x>1", "x=abc", false)]
    [InlineData("x>1", "x= 2", false)]
    [InlineData("x>1", "-", false)]
    [InlineData("x<1", "x=-5", true)]
    [InlineData("x<1", "x=1", false)]
    [InlineData("x>0", "x=9223372036854775807", true)]
    [InlineData("x>1", "x=9223372036854775808", false)] // out of int64 range: not an integer to upstream either
    [InlineData("app=web,tier!=db", "app=web,tier=cache", true)]
    [InlineData("app=web,tier!=db", "app=web,tier=db", false)]
    public void Matches_with_apimachinery_semantics(string selector, string labels, bool expected)
    {
        var parsed = LabelSelector.Parse(selector);
        var dictionary = Labels(labels);
        Assert.Equal(expected, parsed.Matches(dictionary));

        // The JSON forms agree with the dictionary form, for parsed and for built JSON objects alike.
        var labelsJson = dictionary is null ? null : new JsonObject(dictionary.Select(p => KeyValuePair.Create(p.Key, (JsonNode?)p.Value)));
        Assert.Equal(expected, parsed.MatchesLabels(labelsJson));
        var obj = new JsonObject { ["metadata"] = new JsonObject { ["name"] = "o", ["labels"] = labelsJson } };
        Assert.Equal(expected, parsed.MatchesObject(obj));
        Assert.Equal(expected, parsed.MatchesObject(JsonNode.Parse(obj.ToJsonString())!.AsObject()));
    }

    [Fact]
    public void Integer_comparison_reads_escaped_json_strings()
    {
        var labels = JsonNode.Parse("""{"x":"\u0035"}""")!.AsObject(); // "5"
        Assert.True(LabelSelector.Parse("x>4").MatchesLabels(labels));
        Assert.False(LabelSelector.Parse("x>5").MatchesLabels(labels));
    }

    [Fact]
    public void Nothing_matches_nothing_and_everything_matches_everything()
    {
        var labels = new Dictionary<string, string> { ["a"] = "b" };
        Assert.False(LabelSelector.Nothing.Matches(labels));
        Assert.False(LabelSelector.Nothing.Matches(null));
        Assert.False(LabelSelector.Nothing.IsEmpty);
        Assert.True(LabelSelector.Nothing.MatchesNothing);
        Assert.True(LabelSelector.Everything.Matches(labels));
        Assert.True(LabelSelector.Everything.IsEmpty);
    }

    [Fact]
    public void Objects_without_metadata_or_with_non_string_labels_have_no_such_labels()
    {
        var selector = LabelSelector.Parse("a");
        Assert.False(selector.MatchesObject(new JsonObject()));
        Assert.False(selector.MatchesObject(new JsonObject { ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["a"] = 1 } } }));
        Assert.True(LabelSelector.Parse("!a").MatchesObject(new JsonObject { ["metadata"] = "not an object" }));
    }
}
