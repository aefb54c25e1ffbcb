namespace Coxswain.LocalCluster.OpenApi;

/// <summary>Media types of the OpenAPI endpoints and of the operations the documents describe.</summary>
public static class OpenApiMediaTypes
{
    public const string Json = "application/json";
    /// <summary>What client-go sends to /openapi/v2 (and then proto.Unmarshals into gnostic's openapi_v2.Document).</summary>
    public const string V2Protobuf = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
    /// <summary>The older spelling of <see cref="V2Protobuf"/> that kube-openapi also accepts.</summary>
    public const string V2ProtobufLegacy = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    public const string V3Protobuf = "application/com.github.proto-openapi.spec.v3@v1.0+protobuf";

    public const string JsonWatchStream = "application/json;stream=watch";
    public const string Any = "*/*";
    public const string PlainText = "text/plain";
    public const string JsonPatch = "application/json-patch+json";
    public const string MergePatch = "application/merge-patch+json";
    public const string StrategicMergePatch = "application/strategic-merge-patch+json";
    public const string ApplyPatch = "application/apply-patch+yaml";
}
