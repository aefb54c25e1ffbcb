using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Selectors;

namespace Coxswain.LocalCluster.Tests.Selectors;

public class LabelSelectorJsonTests
{
    static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    [Fact]
    public void Null_selects_nothing_and_empty_selects_everything()
    {
        Assert.Same(LabelSelector.Nothing, LabelSelector.FromLabelSelectorJson(null));
        Assert.Same(LabelSelector.Everything, LabelSelector.FromLabelSelectorJson(Json("{}")));
        Assert.Same(LabelSelector.Everything, LabelSelector.FromLabelSelectorJson(Json("""{"matchLabels":{},"matchExpressions":[]}""")));
    }

    [Fact]
    public void Combines_match_labels_and_expressions_sorted_by_key()
    {
        var selector = LabelSelector.FromLabelSelectorJson(Json("""
            {"matchLabels":{"tier":"web","app":"shop"},
             "matchExpressions":[
               {"key":"env","operator":"In","values":["prod","staging"]},
               {"key":"canary","operator":"DoesNotExist"},
               {"key":"zone","operator":"NotIn","values":["b"]},
               {"key":"owner","operator":"Exists","values":[]}]}
            """));
        Assert.Equal("app=shop,!canary,env in (prod,staging),owner,tier=web,zone notin (b)", selector.ToString());
        Assert.True(selector.Matches(new Dictionary<string, string> { ["app"] = "shop", ["tier"] = "web", ["env"] = "prod", ["owner"] = "me" }));
        Assert.False(selector.Matches(new Dictionary<string, string> { ["app"] = "shop", ["tier"] = "web", ["env"] = "prod" }));
    }

    [Theory]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"Gt","values":["1"]}]}""", "\"Gt\" is not a valid label selector operator")]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"in","values":["1"]}]}""", "\"in\" is not a valid label selector operator")]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"In"}]}""",
        "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty")]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"NotIn","values":[]}]}""",
        "values: Invalid value: []string(nil): for 'in', 'notin' operators, values set can't be empty")]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"Exists","values":["x","y"]}]}""",
        "values: Invalid value: []string{\"x\", \"y\"}: values set must be empty for exists and does not exist")]
    [InlineData("""{"matchLabels":{"a b":"c"}}""",
        "key: Invalid value: \"a b\": name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an " +
        "alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')")]
    [InlineData("""{"matchLabels":{"a":"-c"}}""",
        "values[0][a]: Invalid value: \"-c\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', " +
        "and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is " +
        "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')")]
    [InlineData("""{"matchLabels":{"a":1}}""", "json: cannot unmarshal number into Go struct field LabelSelector.matchLabels of type string")]
    [InlineData("""{"matchLabels":[]}""", "json: cannot unmarshal array into Go struct field LabelSelector.matchLabels of type map[string]string")]
    [InlineData("""{"matchExpressions":[{"key":"a","operator":"In","values":"x"}]}""",
        "json: cannot unmarshal string into Go struct field LabelSelectorRequirement.matchExpressions.values of type []string")]
    public void Rejects_invalid_selectors_with_upstream_messages(string json, string message)
    {
        var error = Assert.Throws<InvalidLabelSelectorException>(() => LabelSelector.FromLabelSelectorJson(Json(json)));
        Assert.Equal(message, error.Message);
    }

    [Fact]
    public void Field_errors_behind_an_invalid_requirement_are_exposed()
    {
        var error = Assert.Throws<InvalidLabelSelectorException>(() =>
            LabelSelector.FromLabelSelectorJson(Json("""{"matchExpressions":[{"key":"-a","operator":"In","values":["ok","-b"]}]}""")));
        Assert.Equal(["key", "values[1][-a]"], error.Errors.Select(e => e.Field));
        Assert.All(error.Errors, e => Assert.Equal("FieldValueInvalid", e.Reason));
        Assert.StartsWith("[key: Invalid value: \"-a\": name part", error.Message);
    }

    [Fact]
    public void Validation_reports_each_problem_as_a_field_error_at_its_path()
    {
        var errors = LabelSelectorValidation.Validate(Json("""
            {"matchLabels":{"ok":"-bad"},
             "matchExpressions":[
               {"key":"a","operator":"In"},
               {"key":"b","operator":"Exists","values":["x"]},
               {"key":"c","operator":"Gt","values":["1"]},
               {"key":"/d","operator":"In","values":["_x"]}]}
            """), "spec.selector");
        Assert.Equal(
        [
            "spec.selector.matchLabels: Invalid value: \"-bad\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
            "spec.selector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'",
            "spec.selector.matchExpressions[1].values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'",
            "spec.selector.matchExpressions[2].operator: Invalid value: \"Gt\": not a valid selector operator",
            "spec.selector.matchExpressions[3].key: Invalid value: \"/d\": prefix part must be non-empty",
            "spec.selector.matchExpressions[3].values[0]: Invalid value: \"_x\": a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')",
        ], errors.Select(e => e.ToString()));
        Assert.Empty(LabelSelectorValidation.Validate(null, "spec.selector"));
        Assert.Empty(LabelSelectorValidation.Validate(Json("""{"matchLabels":{"app":"web"}}"""), "spec.selector"));
    }
}
