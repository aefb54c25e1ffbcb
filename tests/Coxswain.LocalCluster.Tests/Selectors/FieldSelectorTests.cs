using Coxswain.LocalCluster.Selectors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Coxswain.LocalCluster.Tests.Selectors;

public class FieldSelectorTests
{
    static string Describe(FieldSelector selector) =>
        string.Join(" & ", selector.Requirements.Select(r => $"{r.Field} {r.Operator} [{r.Value}]"));

    [Theory]
    [InlineData("metadata.name=web", "metadata.name Equals [web]")]
    [InlineData("metadata.name==web", "metadata.name Equals [web]")]
    [InlineData("status.phase!=Running", "status.phase NotEquals [Running]")]
    [InlineData("b=1,a!=2", "a NotEquals [2] & b Equals [1]")]
    [InlineData("a=", "a Equals []")]
    [InlineData("a=x\\,y", "a Equals [x,y]")]
    [InlineData("a=x\\=y\\\\z", "a Equals [x=y\\z]")]
    [InlineData("a = b", "a  Equals [ b]")]
    [InlineData("a=!b", "a Equals [!b]")]
    [InlineData("=v", " Equals [v]")]
    [InlineData("a=1,,b=2,", "a Equals [1] & b Equals [2]")]
    public void Parses_terms(string selector, string expected) => Assert.Equal(expected, Describe(FieldSelector.Parse(selector)));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData(",")]
    public void Empty_selects_everything(string? selector)
    {
        var parsed = FieldSelector.Parse(selector);
        Assert.True(parsed.IsEmpty);
        Assert.True(parsed.Matches(_ => "anything"));
    }

    [Theory]
    [InlineData("b==1,a!=x\\,y", "a!=x\\,y,b=1")]
    [InlineData("spec.nodeName=n1", "spec.nodeName=n1")]
    public void Prints_canonical_form(string selector, string canonical) => Assert.Equal(canonical, FieldSelector.Parse(selector).ToString());

    [Theory]
    [InlineData("foo", "invalid selector: 'foo'; can't understand 'foo'")]
    [InlineData("z=1,foo", "invalid selector: 'z=1,foo'; can't understand 'foo'")]
    [InlineData("a!b", "invalid selector: 'a!b'; can't understand 'a!b'")]
    [InlineData("a=b=c", "invalid field selector: unescaped character in value: =")]
    [InlineData("a=x\\y", "invalid field selector: invalid escape sequence: \\y")]
    [InlineData("a=x\\", "invalid field selector: invalid escape sequence: \\")]
    public void Rejects_with_apimachinery_messages(string selector, string message) =>
        StatusAssert.BadRequest(message, () => FieldSelector.Parse(selector));

    [Fact]
    public void Reports_the_first_bad_term_in_sorted_order()
    {
        // Terms are sorted before they are checked, so "a" is reported although "z" comes first.
        StatusAssert.BadRequest("invalid selector: 'z,a'; can't understand 'a'", () => FieldSelector.Parse("z,a"));
    }

    [Fact]
    public void Matches_missing_fields_as_empty()
    {
        var values = new Dictionary<string, string> { ["spec.nodeName"] = "n1", ["status.phase"] = "Running" };
        string? Lookup(string field) => values.GetValueOrDefault(field);

        Assert.True(FieldSelector.Parse("spec.nodeName=n1,status.phase!=Succeeded,status.phase!=Failed").Matches(Lookup));
        Assert.False(FieldSelector.Parse("spec.nodeName=n2").Matches(Lookup));
        Assert.True(FieldSelector.Parse("spec.missing=").Matches(Lookup));
        Assert.True(FieldSelector.Parse("spec.missing!=x").Matches(Lookup));
        Assert.False(FieldSelector.Parse("spec.missing=x").Matches(Lookup));
    }

    static readonly Gen<string> FieldValue =
        from count in Gen.Choose(0, 5)
        from parts in Gen.Elements("", "a", "x,y", "=", "\\", "a\\,b", "é", " ", "!=", "==").ListOf(count)
        select string.Concat(parts);

    [Property(MaxTest = 300)]
    public Property Escaping_round_trips() => Prop.ForAll(FieldValue.ToArbitrary(), value =>
        FieldSelectorValue.Unescape(FieldSelectorValue.Escape(value)) == value);

    [Property(MaxTest = 300)]
    public Property Canonical_form_parses_back_to_the_same_terms() => Prop.ForAll(
        (from count in Gen.Choose(1, 6)
         from fields in Gen.Elements("metadata.name", "spec.nodeName", "status.phase").ListOf(count)
         from values in FieldValue.ArrayOf(fields.Count)
         from negations in Gen.Elements(true, false).ArrayOf(fields.Count)
         select fields.Select((f, i) => new FieldRequirement(f, negations[i] ? FieldSelectorOperator.NotEquals : FieldSelectorOperator.Equals, values[i])).ToArray())
        .ToArbitrary(),
        terms =>
        {
            var parsed = FieldSelector.Parse(string.Join(",", terms.Select(t => t.ToString())));
            var reparsed = FieldSelector.Parse(parsed.ToString());
            return reparsed.Requirements.SequenceEqual(parsed.Requirements)
                   && parsed.Requirements.OrderBy(t => t.ToString(), StringComparer.Ordinal)
                       .SequenceEqual(terms.OrderBy(t => t.ToString(), StringComparer.Ordinal));
        });
}
