using System.Text.Json.Nodes;
using Coxswain.LocalCluster.OpenApi;

namespace Coxswain.LocalCluster.Tests.OpenApi;

/// <summary>Field numbers are those of gnostic's openapiv2/OpenAPIv2.proto.</summary>
public class GnosticProtobufEncoderTests(BuiltInDocumentsFixture fixture) : IClassFixture<BuiltInDocumentsFixture>
{
    static ProtoMessage Encode(string swaggerJson) => new(GnosticProtobufEncoder.Encode(JsonNode.Parse(swaggerJson)!.AsObject()));

    [Fact]
    public void Encodes_document_info_and_schema_fields()
    {
        var document = Encode("""
            {"swagger":"2.0","info":{"title":"Kubernetes","version":"v1.34.0"},
             "definitions":{"a.Thing":{"description":"d","type":"object","required":["n"],
               "properties":{"n":{"type":"integer","format":"int64"},"tags":{"type":"array","items":{"type":"string"}},
                             "labels":{"type":"object","additionalProperties":{"type":"string"}},"open":{"type":"object","additionalProperties":true},
                             "ref":{"$ref":"#/definitions/a.Other","description":"see other"}},
               "x-kubernetes-group-version-kind":[{"group":"","kind":"Thing","version":"v1"}]}}}
            """);
        Assert.Equal("2.0", document.String(1));
        Assert.Equal(("Kubernetes", "v1.34.0"), (document.Message(2).String(1), document.Message(2).String(2)));

        var thing = document.Message(9).Named(1)["a.Thing"];
        Assert.Equal("d", thing.String(4));
        Assert.Equal(["n"], thing.Strings(19));
        Assert.Equal(["object"], thing.Message(22).Strings(1));
        Assert.Equal("""[{"group":"","kind":"Thing","version":"v1"}]""", thing.Extensions(31)["x-kubernetes-group-version-kind"]);

        var properties = thing.Message(25).Named(1);
        Assert.Equal(("integer", "int64"), (properties["n"].Message(22).Strings(1).Single(), properties["n"].String(2)));
        Assert.Equal(["string"], properties["tags"].Message(23).Message(1).Message(22).Strings(1));
        Assert.Equal(["string"], properties["labels"].Message(21).Message(1).Message(22).Strings(1));
        Assert.Equal(1ul, properties["open"].Message(21).One(2).Varint);
        Assert.Equal(("#/definitions/a.Other", "see other"), (properties["ref"].String(1), properties["ref"].String(4)));
    }

    [Fact]
    public void Encodes_paths_operations_parameters_and_responses()
    {
        var document = Encode("""
            {"paths":{"/api/v1/pods/{name}":{"patch":{
               "operationId":"patchPod","consumes":["application/merge-patch+json"],"tags":["core_v1"],
               "parameters":[{"name":"name","in":"path","required":true,"type":"string","uniqueItems":true},
                             {"name":"fieldValidation","in":"query","type":"string","uniqueItems":true},
                             {"name":"body","in":"body","required":true,"schema":{"$ref":"#/definitions/Patch"}},
                             {"$ref":"#/parameters/pretty"}],
               "responses":{"200":{"description":"OK","schema":{"$ref":"#/definitions/Pod"}},"401":{"description":"Unauthorized"}},
               "x-kubernetes-action":"patch","x-kubernetes-group-version-kind":{"group":"","kind":"Pod","version":"v1"}}}}}
            """);
        var patch = document.Message(8).Named(2)["/api/v1/pods/{name}"].Message(8);
        Assert.Equal("patchPod", patch.String(5));
        Assert.Equal(["core_v1"], patch.Strings(1));
        Assert.Equal(["application/merge-patch+json"], patch.Strings(7));
        Assert.Equal("\"patch\"", patch.Extensions(13)["x-kubernetes-action"]);

        var parameters = patch.All(8).Select(f => f.Message).ToList();
        var path = parameters[0].Message(1).Message(2).Message(4);      // Parameter.non_body → NonBodyParameter.path
        Assert.Equal(("name", "path", "string"), (path.String(4), path.String(2), path.String(5)));
        Assert.Equal(1ul, path.One(1).Varint);                          // required
        var query = parameters[1].Message(1).Message(2).Message(3);     // NonBodyParameter.query
        Assert.Equal(("fieldValidation", "query", "string"), (query.String(4), query.String(2), query.String(6)));
        Assert.Equal(1ul, query.One(20).Varint);                        // uniqueItems
        var body = parameters[2].Message(1).Message(1);                 // Parameter.body_parameter
        Assert.Equal(("body", "#/definitions/Patch"), (body.String(2), body.Message(5).String(1)));
        Assert.Equal("#/parameters/pretty", parameters[3].Message(2).String(1));  // ParametersItem.json_reference

        var responses = patch.Message(9).Named(1);
        var ok = responses["200"].Message(1);                           // ResponseValue.response
        Assert.Equal(("OK", "#/definitions/Pod"), (ok.String(1), ok.Message(2).Message(1).String(1)));
        Assert.Equal("Unauthorized", responses["401"].Message(1).String(1));
    }

    [Fact]
    public void Keys_without_a_proto_field_are_rejected() =>
        Assert.Throws<NotSupportedException>(() => Encode("""{"definitions":{"a":{"nullable":true}}}"""));

    [Fact]
    public void The_served_v2_protobuf_carries_kinds_and_the_fieldValidation_parameter()
    {
        var document = new ProtoMessage(fixture.Documents.V2Protobuf.Bytes);
        Assert.Equal("2.0", document.String(1));

        var definitions = document.Message(9).Named(1);
        Assert.Equal("""[{"group":"","kind":"Pod","version":"v1"}]""",
            definitions["io.k8s.api.core.v1.Pod"].Extensions(31)["x-kubernetes-group-version-kind"]);
        Assert.Equal("#/definitions/io.k8s.api.core.v1.PodSpec",
            definitions["io.k8s.api.core.v1.Pod"].Message(25).Named(1)["spec"].String(1));

        var patch = document.Message(8).Named(2)["/api/v1/namespaces/{namespace}/pods/{name}"].Message(8);
        Assert.Equal("""{"group":"","kind":"Pod","version":"v1"}""", patch.Extensions(13)["x-kubernetes-group-version-kind"]);
        var queryNames = patch.All(8).Select(f => f.Message.Message(1))
            .Where(p => p.All(2).Any()).Select(p => p.Message(2)).Where(nb => nb.All(3).Any())
            .Select(nb => nb.Message(3).String(4));
        Assert.Contains("fieldValidation", queryNames);
    }
}
