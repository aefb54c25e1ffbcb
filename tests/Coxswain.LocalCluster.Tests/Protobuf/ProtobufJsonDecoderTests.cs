using System.Text;
using Coxswain.LocalCluster.Protobuf;
using static Coxswain.LocalCluster.Tests.Protobuf.ProtobufTestSupport;

namespace Coxswain.LocalCluster.Tests.Protobuf;

public class ProtobufJsonDecoderTests
{
    [Fact]
    public void Scalars_of_each_kind_decode_to_their_json()
    {
        var spec = Decode(Core + "PodSpec", Message(w =>
        {
            w.String(6, "ClusterFirst");                     // dnsPolicy: string
            w.WriteVarintField(11, 1);                       // hostNetwork: bool
            w.WriteVarintField(4, 30);                       // terminationGracePeriodSeconds: *int64
            w.WriteVarintField(25, unchecked((ulong)-5L));   // priority: *int32, negative: ten-byte sign extension
        }));
        AssertJson("""{"dnsPolicy":"ClusterFirst","hostNetwork":true,"terminationGracePeriodSeconds":30,"priority":-5}""", spec);

        var secret = Decode(Core + "Secret", Message(w =>
            w.Nested(2, e => { e.String(1, "key"); e.Bytes(2, [0, 1, 2, 255]); })));   // data: map<string, bytes>
        AssertJson("""{"data":{"key":"AAEC/w=="}}""", secret);

        var schema = Decode("k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps", Message(w =>
        {
            w.WriteFixed64Field(9, BitConverter.DoubleToUInt64Bits(2.5));   // maximum: *float64
            w.WriteVarintField(13, 10);                                      // maxLength: *int64
        }));
        AssertJson("""{"maximum":2.5,"maxLength":10}""", schema);
    }

    [Fact]
    public void Zero_values_appear_only_for_pointer_fields()
    {
        // Go writes every value field, so zeros of value fields mean "unset"; pointer fields are written only when set.
        var meta = Decode(Meta + "ObjectMeta", Message(w =>
        {
            w.String(1, "web");
            w.String(2, "");               // generateName: value field, empty
            w.String(3, "");               // namespace
            w.WriteVarintField(7, 0);      // generation: value int64
            w.Nested(8, _ => { });         // creationTimestamp: zero Time
        }));
        AssertJson("""{"name":"web"}""", meta);

        var deploymentSpec = Decode("k8s.io.api.apps.v1.DeploymentSpec", Message(w =>
        {
            w.WriteVarintField(1, 0);      // replicas: *int32 set to 0
            w.WriteVarintField(7, 0);      // paused: value bool
        }));
        AssertJson("""{"replicas":0}""", deploymentSpec);

        var securityContext = Decode(Core + "SecurityContext", Message(w =>
        {
            w.WriteVarintField(4, 0);      // runAsUser: *int64 0 is root, not unset
            w.WriteVarintField(5, 0);      // runAsNonRoot: *bool false
        }));
        AssertJson("""{"runAsUser":0,"runAsNonRoot":false}""", securityContext);
    }

    [Fact]
    public void Nested_messages_are_objects_even_when_empty()
    {
        var container = Decode(Core + "Container", Message(w =>
        {
            w.String(1, "app");
            w.Nested(8, _ => { });                                          // resources: {} as Go's encoding/json writes it
            w.Nested(6, p => { p.String(1, "http"); p.WriteVarintField(3, 8080); p.String(4, "TCP"); });   // ports[]
            w.Nested(6, p => p.WriteVarintField(3, 9090));
        }));
        AssertJson("""{"name":"app","ports":[{"name":"http","containerPort":8080,"protocol":"TCP"},{"containerPort":9090}],"resources":{}}""",
            container);
    }

    [Fact]
    public void Maps_repeated_scalars_and_packed_numbers_decode()
    {
        var meta = Decode(Meta + "ObjectMeta", Message(w =>
        {
            w.Nested(11, e => { e.String(1, "app"); e.String(2, "web"); });
            w.Nested(11, e => { e.String(1, "tier"); e.String(2, ""); });   // a map entry keeps its empty value
            w.String(14, "a/finalizer");
            w.String(14, "b/finalizer");
        }));
        AssertJson("""{"labels":{"app":"web","tier":""},"finalizers":["a/finalizer","b/finalizer"]}""", meta);

        // supplementalGroups: []int64, unpacked (as gogo writes proto2) or packed (as proto3 writers do): both are valid.
        var unpacked = Decode(Core + "PodSecurityContext", Message(w => { w.WriteVarintField(4, 1000); w.WriteVarintField(4, 2000); }));
        var packed = Decode(Core + "PodSecurityContext", Message(w => w.Bytes(4, [0xE8, 0x07, 0xD0, 0x0F])));
        AssertJson("""{"supplementalGroups":[1000,2000]}""", unpacked);
        AssertJson("""{"supplementalGroups":[1000,2000]}""", packed);
    }

    [Fact]
    public void Quantities_are_strings_in_resource_lists()
    {
        var resources = Decode(Core + "ResourceRequirements", Message(w =>
        {
            w.Nested(1, e => { e.String(1, "cpu"); e.Nested(2, q => q.String(1, "500m")); });
            w.Nested(1, e => { e.String(1, "memory"); e.Nested(2, q => q.String(1, "128Mi")); });
            w.Nested(2, e => { e.String(1, "cpu"); e.Nested(2, _ => { }); });   // a zero Quantity is "0"
        }));
        AssertJson("""{"limits":{"cpu":"500m","memory":"128Mi"},"requests":{"cpu":"0"}}""", resources);
    }

    [Fact]
    public void IntOrString_is_a_number_or_a_string()
    {
        static byte[] Port(long type, int intVal, string strVal) =>
            Message(w => w.Nested(4, i => { i.WriteVarintField(1, (ulong)type); i.WriteVarintField(2, (ulong)intVal); i.String(3, strVal); }));
        AssertJson("""{"targetPort":8080}""", Decode(Core + "ServicePort", Port(0, 8080, "")));
        AssertJson("""{"targetPort":"http"}""", Decode(Core + "ServicePort", Port(1, 0, "http")));
        // targetPort is a value field: Go's zero IntOrString means unset.
        AssertJson("{}", Decode(Core + "ServicePort", Port(0, 0, "")));
        // maxUnavailable is a pointer: an explicit 0 stays.
        AssertJson("""{"maxUnavailable":0}""", Decode("k8s.io.api.apps.v1.RollingUpdateDeployment",
            Message(w => w.Nested(1, i => { i.WriteVarintField(1, 0); i.WriteVarintField(2, 0); i.String(3, ""); }))));
    }

    [Fact]
    public void Times_are_rfc3339_with_seconds_or_microseconds()
    {
        const long seconds = 1704067200; // 2024-01-01T00:00:00Z
        var meta = Decode(Meta + "ObjectMeta", Message(w =>
        {
            w.Nested(8, t => { t.WriteVarintField(1, seconds); t.WriteVarintField(2, 999_000_000); });   // Time drops nanos
            w.Nested(9, t => t.WriteVarintField(1, seconds + 61));
        }));
        AssertJson("""{"creationTimestamp":"2024-01-01T00:00:00Z","deletionTimestamp":"2024-01-01T00:01:01Z"}""", meta);

        var lease = Decode("k8s.io.api.coordination.v1.LeaseSpec", Message(w =>
            w.Nested(3, t => { t.WriteVarintField(1, seconds); t.WriteVarintField(2, 123_456_789); })));   // acquireTime: MicroTime
        AssertJson("""{"acquireTime":"2024-01-01T00:00:00.123456Z"}""", lease);
    }

    [Fact]
    public void Durations_are_go_duration_text()
    {
        var codec = ProtobufJsonCodecs.For(Meta + "Duration")!;
        var decoder = new ProtobufJsonDecoder(Schema);
        Assert.Equal("1m30s", codec.Decode(Message(w => w.WriteVarintField(1, 90_000_000_000)), decoder)!.GetValue<string>());
        Assert.Equal("0s", codec.Decode([], decoder)!.GetValue<string>());
    }

    [Fact]
    public void Raw_extensions_and_fields_v1_embed_their_json()
    {
        var revision = Decode("k8s.io.api.apps.v1.ControllerRevision", Message(w =>
        {
            w.Nested(2, r => r.Bytes(1, Encoding.UTF8.GetBytes("""{"spec":{"template":{"x":1}}}""")));
            w.WriteVarintField(3, 4);
        }));
        AssertJson("""{"data":{"spec":{"template":{"x":1}}},"revision":4}""", revision);

        var entry = Decode(Meta + "ManagedFieldsEntry", Message(w =>
        {
            w.String(1, "kubectl-create");
            w.String(2, "Update");
            w.Nested(7, f => f.Bytes(1, Encoding.UTF8.GetBytes("""{"f:data":{".":{}}}""")));
        }));
        AssertJson("""{"manager":"kubectl-create","operation":"Update","fieldsV1":{"f:data":{".":{}}}}""", entry);
    }

    [Fact]
    public void Inline_structs_are_flattened_into_their_parent()
    {
        var volume = Decode(Core + "Volume", Message(w =>
        {
            w.String(1, "config");
            w.Nested(2, source => source.Nested(19, cm =>       // volumeSource (inline) . configMap
                cm.Nested(1, r => r.String(1, "settings"))));   // localObjectReference (inline) . name
        }));
        AssertJson("""{"name":"config","configMap":{"name":"settings"}}""", volume);
    }

    [Fact]
    public void Schema_unions_decode_to_schema_bool_or_array()
    {
        var props = Decode("k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps", Message(w =>
        {
            w.String(5, "object");
            w.Nested(30, b => b.WriteVarintField(1, 0));                           // additionalProperties: false
            w.Nested(24, a => a.Nested(1, s => s.String(5, "string")));          // items: {type: string}
            w.Nested(20, j => j.Bytes(1, "\"a\""u8.ToArray()));                   // enum: ["a"]
            w.WriteVarintField(38, 1);                                            // x-kubernetes-preserve-unknown-fields
            w.String(3, "#/definitions/x");                                       // $ref
        }));
        AssertJson("""
            {"$ref":"#/definitions/x","type":"object","enum":["a"],"items":{"type":"string"},"additionalProperties":false,
             "x-kubernetes-preserve-unknown-fields":true}
            """, props);
    }

    [Fact]
    public void Unknown_fields_are_skipped_and_malformed_input_is_rejected()
    {
        AssertJson("""{"name":"a"}""", Decode(Core + "LocalObjectReference", Message(w =>
        {
            w.String(1, "a");
            w.WriteVarintField(99, 7);          // a field newer than the table
            w.String(100, "ignored");
        })));
        Assert.Throws<ProtobufFormatException>(() => Decode(Core + "LocalObjectReference", Message(w => w.WriteVarintField(1, 3))));
        Assert.Throws<ProtobufFormatException>(() => Decode(Core + "LocalObjectReference", [0x0A, 0x05, (byte)'a']));
        Assert.Throws<ProtobufFormatException>(() => Decode(Core + "LocalObjectReference", [0x08, 0xFF]));
    }
}
