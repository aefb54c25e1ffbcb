using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Tables;

namespace Coxswain.LocalCluster.Tests.Tables;

public class GoValueTextTests
{
    [Theory]
    [InlineData("\"plain <text>\"", "plain <text>")]
    [InlineData("3", "3")]
    [InlineData("-42", "-42")]
    [InlineData("3.0", "3")]
    [InlineData("1.5", "1.5")]
    [InlineData("0.0001", "0.0001")]
    [InlineData("0.00001", "1e-05")]
    [InlineData("100000.5", "100000.5")]
    [InlineData("1234567.5", "1.2345675e+06")]
    [InlineData("1e6", "1e+06")]
    [InlineData("-2.5e-7", "-2.5e-07")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    public void Scalars_print_like_go_fmt(string json, string expected) =>
        Assert.Equal(expected, GoValueText.Print(JsonNode.Parse(json)!));

    [Theory]
    [InlineData("""{"b":1,"a":{"d":[1,2.5,"x"],"c":null}}""", """{"a":{"c":null,"d":[1,2.5,"x"]},"b":1}""")]
    [InlineData("""["<a>","&","\u2028","tab\there","é"]""", """["\u003ca\u003e","\u0026","\u2028","tab\there","é"]""")]
    [InlineData("""[1e-7,1e21,123456789.25,0.000001]""", """[1e-7,1e+21,123456789.25,0.000001]""")]
    public void Objects_and_arrays_print_like_go_json_marshal(string json, string expected) =>
        Assert.Equal(expected, GoValueText.Print(JsonNode.Parse(json)!));
}
