using Coxswain.LocalCluster.Selectors;

namespace Coxswain.LocalCluster.Tests.Selectors;

public class LabelSelectorParseTests
{
    const string KeyNameRule =
        "must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character " +
        "(e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    const string ValueRule =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end " +
        "with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is " +
        "'(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";

    [Theory]
    [InlineData("x=a", "x=a")]
    [InlineData("x==a", "x==a")]
    [InlineData("x!=a", "x!=a")]
    [InlineData(" x = a ", "x=a")]
    [InlineData("\tx\n=\ra", "x=a")]
    [InlineData("x in (b,a)", "x in (a,b)")]
    [InlineData("x in ( a , b , a )", "x in (a,b)")]
    [InlineData("x notin (a)", "x notin (a)")]
    [InlineData("x", "x")]
    [InlineData("!x", "!x")]
    [InlineData("! x", "!x")]
    [InlineData("x>1", "x>1")]
    [InlineData("x<10", "x<10")]
    [InlineData("x=", "x=")]
    [InlineData("x=,y", "x=,y")]
    [InlineData("z=1,a=2,m", "a=2,m,z=1")]
    [InlineData("x in (foo,,baz),y,z notin ()", "x in (,baz,foo),y,z notin ()")]
    [InlineData("x in (a,)", "x in (,a)")]
    [InlineData("x in (,a)", "x in (,a)")]
    [InlineData("in in (in),notin notin (notin)", "in in (in),notin notin (notin)")]
    [InlineData("example.com/app=web-1.0_b", "example.com/app=web-1.0_b")]
    [InlineData("b=1,a=1,b!=2", "a=1,b=1,b!=2")] // equal keys keep their written order
    public void Parses_to_canonical_form(string selector, string canonical)
    {
        var parsed = LabelSelector.Parse(selector);
        Assert.Equal(canonical, parsed.ToString());
        Assert.Equal(canonical, LabelSelector.Parse(canonical).ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  \t\n")]
    public void Empty_selects_everything(string? selector)
    {
        var parsed = LabelSelector.Parse(selector);
        Assert.True(parsed.IsEmpty);
        Assert.True(parsed.Matches(null));
        Assert.Equal("", parsed.ToString());
    }

    [Fact]
    public void Exposes_requirements_sorted_by_key_with_sorted_distinct_values()
    {
        var parsed = LabelSelector.Parse("tier notin (db,cache,db),app=web,!legacy,rank>3");
        Assert.Equal(
            ["app Equals web", "legacy DoesNotExist ", "rank GreaterThan 3", "tier NotIn cache|db"],
            parsed.Requirements.Select(r => $"{r.Key} {r.Operator} {string.Join("|", r.Values)}"));
    }

    [Theory]
    [InlineData("x=a,", "found '', expected: identifier after ','")]
    [InlineData("x=a,,y", "found ',', expected: identifier after ','")]
    [InlineData("x=a b", "found 'b', expected: ',' or 'end of string'")]
    [InlineData("!x=a", "found '=', expected: ',' or 'end of string'")]
    [InlineData(",x", "found ',', expected: !, identifier, or 'end of string'")]
    [InlineData("=a", "found '=', expected: !, identifier, or 'end of string'")]
    [InlineData("!", "unable to parse requirement: found '', expected: identifier")]
    [InlineData("x in a", "unable to parse requirement: found 'a' expected: '('")]
    [InlineData("x in (a", "unable to parse requirement: found '', expected: ',' or ')'")]
    [InlineData("x in (a b)", "unable to parse requirement: found 'b', expected: ',' or ')'")]
    [InlineData("x in (=)", "unable to parse requirement: found '=', expected: ',', ')' or identifier")]
    [InlineData("x (a)", "unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt")]
    [InlineData("x >= 1", "unable to parse requirement: found '=', expected: identifier")]
    [InlineData("x>a", "unable to parse requirement: values[0]: Invalid value: \"a\": for 'Gt', 'Lt' operators, the value must be an integer")]
    [InlineData("x<-1", "unable to parse requirement: values[0][x]: Invalid value: \"-1\": " + ValueRule)] // a label value cannot start with '-'
    [InlineData("x>1.5", "unable to parse requirement: values[0]: Invalid value: \"1.5\": for 'Gt', 'Lt' operators, the value must be an integer")]
    [InlineData("a@b=c", "unable to parse requirement: <nil>: Invalid value: \"a@b\": name part " + KeyNameRule)]
    [InlineData("x=a@", "unable to parse requirement: values[0][x]: Invalid value: \"a@\": " + ValueRule)]
    [InlineData("x>a@", "unable to parse requirement: [values[0]: Invalid value: \"a@\": for 'Gt', 'Lt' operators, the value must be an integer, " +
                        "values[0][x]: Invalid value: \"a@\": " + ValueRule + "]")]
    [InlineData("/x", "unable to parse requirement: <nil>: Invalid value: \"/x\": prefix part must be non-empty")]
    [InlineData("x/", "unable to parse requirement: <nil>: Invalid value: \"x/\": name part must be non-empty; name part " + KeyNameRule)]
    [InlineData("Example.com/x", "unable to parse requirement: <nil>: Invalid value: \"Example.com/x\": prefix part a lowercase RFC 1123 subdomain " +
                                 "must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric " +
                                 "character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')")]
    [InlineData("a/b/c", "unable to parse requirement: <nil>: Invalid value: \"a/b/c\": a valid label key " + KeyNameRule +
                         " with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')")]
    [InlineData("a\"b", "unable to parse requirement: <nil>: Invalid value: \"a\\\"b\": name part " + KeyNameRule)]
    public void Rejects_with_apimachinery_messages(string selector, string message) =>
        StatusAssert.BadRequest(message, () => LabelSelector.Parse(selector));

    [Fact]
    public void Rejects_too_long_key_names_and_values()
    {
        var longName = new string('a', 64);
        StatusAssert.BadRequest($"unable to parse requirement: <nil>: Invalid value: \"{longName}\": name part must be no more than 63 characters",
            () => LabelSelector.Parse(longName));
        StatusAssert.BadRequest($"unable to parse requirement: values[0][k]: Invalid value: \"{longName}\": must be no more than 63 characters",
            () => LabelSelector.Parse("k=" + longName));
        Assert.Equal("k=" + longName[1..], LabelSelector.Parse("k=" + longName[1..]).ToString());
    }

    [Fact]
    public void A_nul_character_where_a_token_starts_ends_the_input_as_it_does_upstream()
    {
        Assert.Equal("a=b", LabelSelector.Parse("a=b \0,anything ( goes").ToString());
        // Inside an identifier it only ends the identifier.
        StatusAssert.BadRequest("unable to parse requirement: found '(', expected: in, notin, =, ==, !=, gt, lt",
            () => LabelSelector.Parse("a=b\0,c ("));
    }
}
