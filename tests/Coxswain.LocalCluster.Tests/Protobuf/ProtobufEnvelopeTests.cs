using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Protobuf;
using Coxswain.LocalCluster.Tests.OpenApi;
using static Coxswain.LocalCluster.Tests.Protobuf.ProtobufTestSupport;

namespace Coxswain.LocalCluster.Tests.Protobuf;

public class ProtobufEnvelopeTests
{
    [Fact]
    public void Envelope_is_the_magic_then_a_runtime_unknown()
    {
        var bytes = new ProtobufEnvelope("apps/v1", "Deployment", [1, 2, 3]).ToArray();
        Assert.Equal("k8s\0"u8.ToArray(), bytes[..4]);
        var unknown = new ProtoMessage(bytes[4..]);
        Assert.Equal("apps/v1", unknown.Message(1).String(1));
        Assert.Equal("Deployment", unknown.Message(1).String(2));
        Assert.Equal(new byte[] { 1, 2, 3 }, unknown.One(2).Bytes);
        Assert.Equal("", unknown.String(3));
        Assert.Equal("", unknown.String(4));

        var read = ProtobufEnvelope.Read(bytes);
        Assert.Equal(("apps/v1", "Deployment", "", ""), (read.ApiVersion, read.Kind, read.ContentEncoding, read.ContentType));
        Assert.Equal(new byte[] { 1, 2, 3 }, read.Raw);
    }

    [Fact]
    public void Data_without_the_magic_is_not_protobuf()
    {
        var e = Assert.Throws<ProtobufFormatException>(() => ProtobufEnvelope.Read("{\"kind\":\"Pod\"}"u8));
        Assert.Equal("provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]", e.Message);
    }

    [Fact]
    public void Decode_puts_kind_and_apiVersion_from_the_envelope_first()
    {
        var raw = Message(w => w.Nested(1, m => m.String(1, "settings")));
        var body = new ProtobufEnvelope("v1", "ConfigMap", raw).ToArray();
        var obj = KubernetesProtobuf.Decode(body, BuiltInResources.ConfigMaps);
        Assert.Equal("""{"kind":"ConfigMap","apiVersion":"v1","metadata":{"name":"settings"}}""", obj.ToJsonString());

        // An envelope without type information is taken to be the resource's kind.
        var untyped = KubernetesProtobuf.Decode(new ProtobufEnvelope("", "", raw).ToArray(), BuiltInResources.ConfigMaps);
        Assert.Equal("ConfigMap", (string?)untyped["kind"]);
    }

    [Fact]
    public void Undecodable_bodies_are_bad_requests()
    {
        var notProtobuf = Assert.Throws<StatusError>(() => KubernetesProtobuf.Decode("{}"u8, BuiltInResources.Pods));
        Assert.Equal(400, notProtobuf.Code);
        Assert.StartsWith("the object provided is unrecognized (must be of type Pod): provided data does not appear", notProtobuf.Message);

        var unknownKind = Assert.Throws<StatusError>(() =>
            KubernetesProtobuf.Decode(new ProtobufEnvelope("v1", "Widget", []).ToArray(), BuiltInResources.Pods));
        Assert.Equal(400, unknownKind.Code);
        Assert.Equal("no kind \"Widget\" is registered for version \"v1\"", unknownKind.Message);

        var truncated = Assert.Throws<StatusError>(() =>
            KubernetesProtobuf.Decode(new ProtobufEnvelope("v1", "Pod", [0x0A, 0x09, 0x0A]).ToArray(), BuiltInResources.Pods));
        Assert.Equal(400, truncated.Code);
    }

    [Theory]
    [InlineData("application/vnd.kubernetes.protobuf", true)]
    [InlineData("application/vnd.kubernetes.protobuf; charset=utf-8", true)]
    [InlineData("application/vnd.kubernetes.protobuf;stream=watch", true)]
    [InlineData("application/vnd.kubernetes.protobufx", false)]
    [InlineData("application/json", false)]
    [InlineData(null, false)]
    public void Media_type_is_recognized_with_parameters(string? contentType, bool expected) =>
        Assert.Equal(expected, KubernetesProtobuf.IsMediaType(contentType));
}
