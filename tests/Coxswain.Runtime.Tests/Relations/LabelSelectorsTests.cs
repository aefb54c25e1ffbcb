using Coxswain.Runtime.Relations;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Relations;

public class LabelSelectorsTests
{
    private static readonly Dictionary<string, string> Labels = new() { ["app"] = "web", ["tier"] = "front" };

    [Fact]
    public void A_null_selector_matches_nothing_and_an_empty_one_everything()
    {
        Assert.False(LabelSelectors.Matches(null, Labels));
        Assert.True(LabelSelectors.Matches(new V1LabelSelector(), Labels));
        Assert.True(LabelSelectors.Matches(new V1LabelSelector(), null));
    }

    [Theory]
    [InlineData("In", new[] { "web", "api" }, true)]
    [InlineData("In", new[] { "api" }, false)]
    [InlineData("NotIn", new[] { "api" }, true)]
    [InlineData("NotIn", new[] { "web" }, false)]
    [InlineData("Exists", new string[0], true)]
    [InlineData("DoesNotExist", new string[0], false)]
    public void Expressions_follow_the_operators(string op, string[] values, bool matches)
    {
        var selector = new V1LabelSelector
        {
            MatchLabels = new Dictionary<string, string> { ["tier"] = "front" },
            MatchExpressions = [new V1LabelSelectorRequirement { Key = "app", OperatorProperty = op, Values = values }],
        };

        Assert.Equal(matches, LabelSelectors.Matches(selector, Labels));
    }

    [Fact]
    public void Every_match_label_must_hold()
    {
        Assert.False(LabelSelectors.Matches(new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = "web", ["x"] = "y" } }, Labels));
    }
}
