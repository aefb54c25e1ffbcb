namespace Coxswain.LocalCluster.Protobuf;

/// <summary>The messages with hand-written JSON, by full proto name; every other message is a JSON object of its fields.</summary>
internal static class ProtobufJsonCodecs
{
    const string Meta = "k8s.io.apimachinery.pkg.apis.meta.v1.";
    const string ApiExtensions = "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.";

    static readonly Dictionary<string, IProtobufJsonCodec> Codecs = new(StringComparer.Ordinal)
    {
        ["k8s.io.apimachinery.pkg.api.resource.Quantity"] = new QuantityCodec(),
        ["k8s.io.apimachinery.pkg.util.intstr.IntOrString"] = new IntOrStringCodec(),
        [Meta + "Time"] = new TimeCodec(micro: false),
        [Meta + "MicroTime"] = new TimeCodec(micro: true),
        [Meta + "Duration"] = new DurationCodec(),
        [Meta + "FieldsV1"] = new RawJsonCodec(),
        [Meta + "Verbs"] = new StringArrayCodec(),
        ["k8s.io.apimachinery.pkg.runtime.RawExtension"] = new RawJsonCodec(),
        [ApiExtensions + "JSON"] = new RawJsonCodec(),
        [ApiExtensions + "JSONSchemaPropsOrArray"] = new SchemaOrArrayCodec(ApiExtensions + "JSONSchemaProps"),
        [ApiExtensions + "JSONSchemaPropsOrBool"] = new SchemaOrBoolCodec(ApiExtensions + "JSONSchemaProps"),
        [ApiExtensions + "JSONSchemaPropsOrStringArray"] = new SchemaOrStringArrayCodec(ApiExtensions + "JSONSchemaProps"),
    };

    public static IProtobufJsonCodec? For(string messageType) => Codecs.GetValueOrDefault(messageType);

    public static IEnumerable<string> MessageTypes => Codecs.Keys;
}
