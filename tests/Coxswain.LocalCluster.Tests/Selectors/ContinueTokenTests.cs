using System.Buffers.Text;
using System.Text;
using Coxswain.LocalCluster.Selectors;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Coxswain.LocalCluster.Tests.Selectors;

public class ContinueTokenTests
{
    const string Prefix = "invalid continue token: continue key is not valid: ";

    static string Token(string json) => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Encodes_the_kube_apiserver_format()
    {
        // base64url('{"v":"meta.k8s.io/v1","rv":123,"start":"default/web-1\u0000"}'), unpadded: a real server's token.
        Assert.Equal("eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MTIzLCJzdGFydCI6ImRlZmF1bHQvd2ViLTFcdTAwMDAifQ",
            ContinueToken.Encode(123, "default/web-1\0"));
        // Go's encoding/json escapes <, >, & and U+2028 and writes \b short and other non-ASCII raw.
        Assert.Equal("eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6NSwic3RhcnQiOiJhXHUwMDNjYlx1MDAzZVx1MDAyNmNcYlx1MjAyOMOpXCIifQ",
            ContinueToken.Encode(5, "a<b>&c\b\u2028é\""));
    }

    [Fact]
    public void Decodes_real_tokens_and_go_json_variations()
    {
        Assert.Equal((123L, "default/web-1\0"),
            ContinueToken.Decode("eyJ2IjoibWV0YS5rOHMuaW8vdjEiLCJydiI6MTIzLCJzdGFydCI6ImRlZmF1bHQvd2ViLTFcdTAwMDAifQ"));
        // Keys match case-insensitively, unknown keys and nulls are ignored, a leading '/' is dropped, RV may be negative.
        Assert.Equal((-1L, "a/b"), ContinueToken.Decode(Token("""{"V":"meta.k8s.io/v1","Rv":-1,"START":"/a/b","rc":7,"x":null}""")));
        // CR and LF inside the base64 are skipped, as Go does.
        var token = ContinueToken.Encode(9, "k");
        Assert.Equal((9L, "k"), ContinueToken.Decode(token[..4] + "\r\n" + token[4..]));
    }

    [Property(MaxTest = 300)]
    public Property Round_trips() => Prop.ForAll(
        (from rv in Gen.Choose(int.MinValue, int.MaxValue).Select(i => (long)i * 7919).Where(rv => rv != 0)
         from count in Gen.Choose(1, 5)
         from segments in Gen.Elements("default", "web-1\0", "a.b", "é", "<&>", "\"q\"", "x y", "\u2028", "..a", "\\").ListOf(count)
         select (rv, string.Join("/", segments))).ToArbitrary(),
        input => ContinueToken.Decode(ContinueToken.Encode(input.rv, input.Item2)) == input);

    [Theory]
    [InlineData("!!!!", "illegal base64 data at input byte 0")]
    [InlineData("a", "illegal base64 data at input byte 0")]
    [InlineData("abcde", "illegal base64 data at input byte 4")]
    [InlineData("ab+c", "illegal base64 data at input byte 2")]
    [InlineData("e30=", "illegal base64 data at input byte 3")] // padding is not part of the raw encoding
    [InlineData("", "unexpected end of JSON input")]
    public void Rejects_bad_base64(string token, string detail) =>
        StatusAssert.BadRequest(Prefix + detail, () => ContinueToken.Decode(token));

    [Theory]
    [InlineData("{", "unexpected end of JSON input")]
    [InlineData("   ", "unexpected end of JSON input")]
    [InlineData("x", "invalid character 'x' looking for beginning of value")]
    [InlineData("{}x", "invalid character 'x' after top-level value")]
    [InlineData("{\"v\":'a'}", "invalid character '\\'' looking for beginning of value")]
    [InlineData("[]", "json: cannot unmarshal array into Go value of type storage.continueToken")]
    [InlineData("\"s\"", "json: cannot unmarshal string into Go value of type storage.continueToken")]
    [InlineData("{\"v\":\"meta.k8s.io/v1\",\"rv\":\"1\",\"start\":\"a\"}", "json: cannot unmarshal string into Go struct field continueToken.rv of type int64")]
    [InlineData("{\"v\":\"meta.k8s.io/v1\",\"rv\":1.5,\"start\":\"a\"}", "json: cannot unmarshal number 1.5 into Go struct field continueToken.rv of type int64")]
    [InlineData("{\"v\":\"meta.k8s.io/v1\",\"rv\":99999999999999999999,\"start\":\"a\"}",
        "json: cannot unmarshal number 99999999999999999999 into Go struct field continueToken.rv of type int64")]
    [InlineData("{\"v\":1,\"rv\":1,\"start\":\"a\"}", "json: cannot unmarshal number into Go struct field continueToken.v of type string")]
    [InlineData("{\"v\":\"meta.k8s.io/v1\",\"rv\":1,\"start\":true}", "json: cannot unmarshal bool into Go struct field continueToken.start of type string")]
    [InlineData("null", "server does not recognize this encoded version ")]
    [InlineData("{}", "server does not recognize this encoded version ")]
    [InlineData("{\"v\":\"meta.k8s.io/v2\",\"rv\":1,\"start\":\"a\"}", "server does not recognize this encoded version meta.k8s.io/v2")]
    [InlineData("{\"v\":\"meta.k8s.io/v1\",\"rv\":0,\"start\":\"a\"}", "incorrect encoded start resourceVersion (version meta.k8s.io/v1)")]
    [InlineData("{\"v\":\"meta.k8s.io/v1\",\"rv\":1}", "encoded start key empty (version meta.k8s.io/v1)")]
    [InlineData("{\"v\":\"meta.k8s.io/v1\",\"rv\":1,\"start\":\"../x\"}", "../x")]
    [InlineData("{\"v\":\"meta.k8s.io/v1\",\"rv\":1,\"start\":\"a//b\"}", "a//b")]
    [InlineData("{\"v\":\"meta.k8s.io/v1\",\"rv\":1,\"start\":\"a/./b\"}", "a/./b")]
    [InlineData("{\"v\":\"meta.k8s.io/v1\",\"rv\":1,\"start\":\"a/\"}", "a/")]
    public void Rejects_bad_content_with_upstream_messages(string json, string detail) =>
        StatusAssert.BadRequest(Prefix + detail, () => ContinueToken.Decode(Token(json)));
}
