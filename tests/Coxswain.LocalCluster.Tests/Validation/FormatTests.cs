using Coxswain.LocalCluster.Validation;
using Coxswain.LocalCluster.Validation.Formats;
using static Coxswain.LocalCluster.Tests.Validation.ValidationAssert;

namespace Coxswain.LocalCluster.Tests.Validation;

public class FormatTests
{
    [Theory]
    [InlineData("my-name", new string[0])]
    [InlineData("a", new string[0])]
    [InlineData("0abc", new string[0])]
    [InlineData("My-Name", new[] { LabelMessage })]
    [InlineData("-name", new[] { LabelMessage })]
    [InlineData("name-", new[] { LabelMessage })]
    [InlineData("a.b", new[] { "must not contain dots" })]
    [InlineData("", new[] { LabelMessage })]
    public void Dns1123Label(string value, string[] expected) => Assert.Equal(expected, DnsNames.IsDns1123Label(value));

    [Fact]
    public void Dns1123LabelTooLongReportsLengthOnlyWhenTheFormatIsFine() =>
        Assert.Equal(["must be no more than 63 characters"], DnsNames.IsDns1123Label(new string('a', 64)));

    [Theory]
    [InlineData("example.com", new string[0])]
    [InlineData("a-b.c-d", new string[0])]
    [InlineData("Example.com", new[] { SubdomainMessage })]
    [InlineData("a..b", new[] { SubdomainMessage })]
    [InlineData("a_b", new[] { SubdomainMessage })]
    [InlineData("abc\n", new[] { SubdomainMessage })]
    public void Dns1123Subdomain(string value, string[] expected) => Assert.Equal(expected, DnsNames.IsDns1123Subdomain(value));

    [Fact]
    public void Dns1123SubdomainTooLong() =>
        Assert.Equal(["must be no more than 253 characters"], DnsNames.IsDns1123Subdomain(string.Join(".", Enumerable.Repeat(new string('a', 50), 6))));

    [Theory]
    [InlineData("web", new string[0])]
    [InlineData("1web", new[] { Dns1035Message })]
    [InlineData("web.x", new[] { Dns1035Message })]
    public void Dns1035Label(string value, string[] expected) => Assert.Equal(expected, DnsNames.IsDns1035Label(value));

    [Theory]
    [InlineData("app", new string[0])]
    [InlineData("example.com/App_1.x", new string[0])]
    [InlineData("-app", new[] { QualifiedNamePartMessage })]
    [InlineData("example.com/", new[] { "name part must be non-empty", QualifiedNamePartMessage })]
    [InlineData("/app", new[] { "prefix part must be non-empty" })]
    [InlineData("Example.com/app", new[] { "prefix part " + SubdomainMessage })]
    public void QualifiedName(string value, string[] expected) => Assert.Equal(expected, LabelFormats.IsQualifiedName(value));

    [Fact]
    public void QualifiedNameWithTwoSlashes() =>
        Assert.Equal(
            ["a valid label key must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]') with an optional DNS subdomain prefix and '/' (e.g. 'example.com/MyName')"],
            LabelFormats.IsQualifiedName("a/b/c"));

    [Fact]
    public void QualifiedNameNamePartTooLongCountsBytes() =>
        Assert.Equal(["name part must be no more than 63 bytes"], LabelFormats.IsQualifiedName(new string('a', 64)));

    [Theory]
    [InlineData("", new string[0])]
    [InlineData("v1.2_x-y", new string[0])]
    [InlineData("-v", new[] { LabelValueMessage })]
    [InlineData("a b", new[] { LabelValueMessage })]
    public void LabelValue(string value, string[] expected) => Assert.Equal(expected, LabelFormats.IsLabelValue(value));

    [Theory]
    [InlineData("http", new string[0])]
    [InlineData("a-1", new string[0])]
    [InlineData("80", new[] { "must contain at least one letter (a-z)" })]
    [InlineData("web--x", new[] { "must not contain consecutive hyphens" })]
    [InlineData("-web", new[] { "must not begin or end with a hyphen" })]
    [InlineData("Web", new[] { "must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)" })]
    [InlineData("abcdefghijklmnop", new[] { "must be no more than 15 characters" })]
    public void PortName(string value, string[] expected) => Assert.Equal(expected, ValueFormats.IsValidPortName(value));

    [Theory]
    [InlineData("key.name", new string[0])]
    [InlineData("..", new[] { "must not be '..'" })]
    [InlineData("..a", new[] { "must not start with '..'" })]
    [InlineData("a/b", new[] { "a valid config key must consist of alphanumeric characters, '-', '_' or '.' (e.g. 'key.name',  or 'KEY_NAME',  or 'key-name', regex used for validation is '[-._a-zA-Z0-9]+')" })]
    public void ConfigMapKey(string value, string[] expected) => Assert.Equal(expected, ValueFormats.IsConfigMapKey(value));

    [Theory]
    [InlineData("10.0.0.1", true)]
    [InlineData("010.000.000.001", true)]
    [InlineData("2001:db8::1", true)]
    [InlineData("10.0.0", false)]
    [InlineData("256.0.0.1", false)]
    [InlineData("fe80::1%eth0", false)]
    [InlineData("", false)]
    public void IpAddresses(string value, bool valid) => Assert.Equal(valid, IpFormats.TryParse(value, out _));

    [Theory]
    [InlineData("plain", "\"plain\"")]
    [InlineData("quo\"te", "\"quo\\\"te\"")]
    [InlineData("tab\there", "\"tab\\there\"")]
    [InlineData("bell\u0007", "\"bell\\a\"")]
    [InlineData("nul\u0001", "\"nul\\x01\"")]
    [InlineData("é", "\"é\"")]
    public void GoQuote(string value, string expected) => Assert.Equal(expected, GoQuoting.Quote(value));
}
