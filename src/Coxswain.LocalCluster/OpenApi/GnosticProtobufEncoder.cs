using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.OpenApi;

/// <summary>
/// Encodes a Swagger 2.0 JSON document as the protobuf of gnostic's <c>openapi_v2.Document</c>
/// (github.com/google/gnostic, openapiv2/OpenAPIv2.proto) — what client-go asks /openapi/v2 for with
/// <c>Accept: application/com.github.proto-openapi.spec.v2@v1.0+protobuf</c> and proto.Unmarshals.
/// The encoder is driven by tables mapping each JSON key of each message to its proto field number; like gnostic's
/// compiler it stores vendor extensions (x-*) as NamedAny entries holding the YAML text of the value (JSON is YAML),
/// which is how kube-openapi reads x-kubernetes-group-version-kind back. Keys with no field throw, so nothing
/// is silently lost.
/// </summary>
public static class GnosticProtobufEncoder
{
    public static byte[] Encode(JsonObject swaggerDocument)
    {
        var writer = new ProtobufWriter();
        Document.Encode(writer, swaggerDocument, "");
        return writer.ToArray();
    }

    delegate void FieldEncoder(ProtobufWriter writer, JsonNode value, string path);
    delegate void EntryEncoder(ProtobufWriter writer, string key, JsonNode value, string path);

    /// <summary>How one proto message is filled from one JSON object.</summary>
    sealed class MessageShape(string name, int vendorExtensionField = 0)
    {
        readonly Dictionary<string, FieldEncoder> fields = new(StringComparer.Ordinal);

        public FieldEncoder this[string key] { set => fields[key] = value; }

        /// <summary>For messages that are JSON maps (definitions, paths, responses): how each entry is written.</summary>
        public EntryEncoder? Entries { get; init; }

        public MessageShape Including(IEnumerable<(string Key, FieldEncoder Encoder)> more)
        {
            foreach (var (key, encoder) in more) fields[key] = encoder;
            return this;
        }

        public void Encode(ProtobufWriter writer, JsonObject json, string path)
        {
            foreach (var (key, value) in json)
            {
                if (value is null) continue;
                var at = $"{path}/{key}";
                if (fields.TryGetValue(key, out var encoder)) encoder(writer, value, at);
                else if (vendorExtensionField > 0 && key.StartsWith("x-", StringComparison.Ordinal))
                    writer.WriteMessage(vendorExtensionField, named =>
                    {
                        named.WriteString(1, key);
                        named.WriteMessage(2, any => any.WriteString(2, YamlText(value)));
                    });
                else if (Entries is not null) Entries(writer, key, value, at);
                else throw new NotSupportedException($"gnostic {name} has no field for \"{key}\" (at {at})");
            }
        }
    }

    // --- field encoders -------------------------------------------------------------------------------------

    static FieldEncoder String(int field) => (w, v, _) => w.WriteString(field, v.GetValue<string>());
    static FieldEncoder Bool(int field) => (w, v, _) => w.WriteBool(field, v.GetValue<bool>());
    static FieldEncoder Int64(int field) => (w, v, _) => w.WriteInt64(field, v.GetValue<long>());
    static FieldEncoder Double(int field) => (w, v, _) => w.WriteDouble(field, v.GetValue<double>());
    static FieldEncoder Strings(int field) => (w, v, _) =>
    {
        foreach (var item in v.AsArray()) w.WriteString(field, item!.GetValue<string>());
    };

    /// <summary>An <c>Any</c> message holding the YAML (here: JSON) text of the value.</summary>
    static FieldEncoder AnyValue(int field) => (w, v, _) => w.WriteMessage(field, any => any.WriteString(2, YamlText(v)));
    static FieldEncoder AnyValues(int field) => (w, v, p) =>
    {
        foreach (var item in v.AsArray()) AnyValue(field)(w, item!, p);
    };

    /// <remarks>
    /// Shapes are passed as functions because the tables refer to each other cyclically (Schema ↔ Properties),
    /// so a table may be used in an initializer that runs before the table it names is assigned.
    /// </remarks>
    static FieldEncoder Message(int field, Func<MessageShape?> shape) => (w, v, p) =>
        w.WriteMessage(field, m => (shape() ?? throw new InvalidOperationException("message table used before initialization")).Encode(m, v.AsObject(), p));
    static FieldEncoder Messages(int field, Func<MessageShape?> shape) => (w, v, p) =>
    {
        foreach (var item in v.AsArray()) Message(field, shape)(w, item!, p);
    };

    /// <summary>A message whose body is written by custom code (the oneof wrappers of gnostic).</summary>
    static FieldEncoder Wrapper(int field, FieldEncoder body) => (w, v, p) => w.WriteMessage(field, m => body(m, v, p));

    /// <summary>A Named* message (name = 1, value = 2) per JSON map entry.</summary>
    static EntryEncoder NamedEntries(int field, FieldEncoder value) => (w, key, v, p) => w.WriteMessage(field, named =>
    {
        named.WriteString(1, key);
        value(named, v, p);
    });

    static string YamlText(JsonNode value) => value.ToJsonString();

    // --- oneof wrappers -------------------------------------------------------------------------------------

    /// <summary>AdditionalPropertiesItem: schema = 1 | boolean = 2.</summary>
    static void AdditionalPropertiesItem(ProtobufWriter w, JsonNode v, string p)
    {
        if (v is JsonValue flag) w.WriteBool(2, flag.GetValue<bool>());
        else Message(1, () => Schema)(w, v, p);
    }

    /// <summary>TypeItem: repeated string value = 1.</summary>
    static void TypeItem(ProtobufWriter w, JsonNode v, string p)
    {
        if (v is JsonArray) Strings(1)(w, v, p);
        else w.WriteString(1, v.GetValue<string>());
    }

    /// <summary>ItemsItem: repeated Schema schema = 1.</summary>
    static void ItemsItem(ProtobufWriter w, JsonNode v, string p)
    {
        if (v is JsonArray) Messages(1, () => Schema)(w, v, p);
        else Message(1, () => Schema)(w, v, p);
    }

    /// <summary>ParametersItem: parameter = 1 | json_reference = 2.</summary>
    static void ParametersItem(ProtobufWriter w, JsonNode v, string p)
    {
        if (v.AsObject().ContainsKey("$ref")) Message(2, () => JsonReference)(w, v, p);
        else Wrapper(1, Parameter)(w, v, p);
    }

    /// <summary>Parameter: body_parameter = 1 | non_body_parameter = 2 (header = 1 | formData = 2 | query = 3 | path = 4).</summary>
    static void Parameter(ProtobufWriter w, JsonNode v, string p)
    {
        var location = v["in"]?.GetValue<string>();
        if (location == "body")
        {
            Message(1, () => BodyParameter)(w, v, p);
            return;
        }
        var (field, shape) = location switch
        {
            "header" => (1, PathOrHeaderParameter),
            "formData" => (2, QueryOrFormDataParameter),
            "query" => (3, QueryOrFormDataParameter),
            "path" => (4, PathOrHeaderParameter),
            _ => throw new NotSupportedException($"parameter location \"{location}\" (at {p})"),
        };
        w.WriteMessage(2, nonBody => Message(field, () => shape)(nonBody, v, p));
    }

    /// <summary>ResponseValue: response = 1 | json_reference = 2.</summary>
    static void ResponseValue(ProtobufWriter w, JsonNode v, string p)
    {
        if (v.AsObject().ContainsKey("$ref")) Message(2, () => JsonReference)(w, v, p);
        else Message(1, () => Response)(w, v, p);
    }

    /// <summary>SchemaItem: schema = 1 | file_schema = 2.</summary>
    static void SchemaItem(ProtobufWriter w, JsonNode v, string p) => Message(1, () => Schema)(w, v, p);

    /// <summary>The type/format/items/… fields that parameter sub-schemas and PrimitivesItems share, numbered from <paramref name="first"/>.</summary>
    static IEnumerable<(string, FieldEncoder)> SimpleSchemaFields(int first) =>
    [
        ("type", String(first)), ("format", String(first + 1)), ("items", Message(first + 2, () => PrimitivesItems)),
        ("collectionFormat", String(first + 3)), ("default", AnyValue(first + 4)), ("maximum", Double(first + 5)),
        ("exclusiveMaximum", Bool(first + 6)), ("minimum", Double(first + 7)), ("exclusiveMinimum", Bool(first + 8)),
        ("maxLength", Int64(first + 9)), ("minLength", Int64(first + 10)), ("pattern", String(first + 11)),
        ("maxItems", Int64(first + 12)), ("minItems", Int64(first + 13)), ("uniqueItems", Bool(first + 14)),
        ("enum", AnyValues(first + 15)), ("multipleOf", Double(first + 16)),
    ];

    // --- message tables (field numbers from OpenAPIv2.proto) -------------------------------------------------

    static readonly MessageShape Document = new("Document", vendorExtensionField: 16)
    {
        ["swagger"] = String(1), ["info"] = Message(2, () => Info), ["host"] = String(3), ["basePath"] = String(4),
        ["schemes"] = Strings(5), ["consumes"] = Strings(6), ["produces"] = Strings(7),
        ["paths"] = Message(8, () => Paths), ["definitions"] = Message(9, () => Definitions),
        ["parameters"] = Message(10, () => ParameterDefinitions), ["tags"] = Messages(14, () => Tag),
        ["externalDocs"] = Message(15, () => ExternalDocs),
    };

    static readonly MessageShape Info = new("Info", vendorExtensionField: 7)
    {
        ["title"] = String(1), ["version"] = String(2), ["description"] = String(3), ["termsOfService"] = String(4),
        ["contact"] = Message(5, () => Contact), ["license"] = Message(6, () => License),
    };

    static readonly MessageShape Contact = new("Contact", vendorExtensionField: 4)
    {
        ["name"] = String(1), ["url"] = String(2), ["email"] = String(3),
    };

    static readonly MessageShape License = new("License", vendorExtensionField: 3) { ["name"] = String(1), ["url"] = String(2) };

    static readonly MessageShape Tag = new("Tag", vendorExtensionField: 4)
    {
        ["name"] = String(1), ["description"] = String(2), ["externalDocs"] = Message(3, () => ExternalDocs),
    };

    static readonly MessageShape ExternalDocs = new("ExternalDocs", vendorExtensionField: 3)
    {
        ["description"] = String(1), ["url"] = String(2),
    };

    static readonly MessageShape Paths = new("Paths", vendorExtensionField: 1)
    {
        Entries = NamedEntries(2, Message(2, () => PathItem)),
    };

    static readonly MessageShape Definitions = new("Definitions") { Entries = NamedEntries(1, Message(2, () => Schema)) };

    static readonly MessageShape ParameterDefinitions = new("ParameterDefinitions")
    {
        Entries = NamedEntries(1, Wrapper(2, Parameter)),
    };

    static readonly MessageShape PathItem = new("PathItem", vendorExtensionField: 10)
    {
        ["$ref"] = String(1), ["get"] = Message(2, () => Operation), ["put"] = Message(3, () => Operation),
        ["post"] = Message(4, () => Operation), ["delete"] = Message(5, () => Operation), ["options"] = Message(6, () => Operation),
        ["head"] = Message(7, () => Operation), ["patch"] = Message(8, () => Operation),
        ["parameters"] = (w, v, p) => { foreach (var item in v.AsArray()) Wrapper(9, ParametersItem)(w, item!, p); },
    };

    static readonly MessageShape Operation = new("Operation", vendorExtensionField: 13)
    {
        ["tags"] = Strings(1), ["summary"] = String(2), ["description"] = String(3), ["externalDocs"] = Message(4, () => ExternalDocs),
        ["operationId"] = String(5), ["produces"] = Strings(6), ["consumes"] = Strings(7),
        ["parameters"] = (w, v, p) => { foreach (var item in v.AsArray()) Wrapper(8, ParametersItem)(w, item!, p); },
        ["responses"] = Message(9, () => Responses), ["schemes"] = Strings(10), ["deprecated"] = Bool(11),
    };

    static readonly MessageShape JsonReference = new("JsonReference") { ["$ref"] = String(1), ["description"] = String(2) };

    static readonly MessageShape BodyParameter = new("BodyParameter", vendorExtensionField: 6)
    {
        ["description"] = String(1), ["name"] = String(2), ["in"] = String(3), ["required"] = Bool(4),
        ["schema"] = Message(5, () => Schema),
    };

    static readonly MessageShape QueryOrFormDataParameter = new MessageShape("QueryParameterSubSchema", vendorExtensionField: 23)
    {
        ["required"] = Bool(1), ["in"] = String(2), ["description"] = String(3), ["name"] = String(4), ["allowEmptyValue"] = Bool(5),
    }.Including(SimpleSchemaFields(6));

    static readonly MessageShape PathOrHeaderParameter = new MessageShape("PathParameterSubSchema", vendorExtensionField: 22)
    {
        ["required"] = Bool(1), ["in"] = String(2), ["description"] = String(3), ["name"] = String(4),
    }.Including(SimpleSchemaFields(5));

    static readonly MessageShape PrimitivesItems = new MessageShape("PrimitivesItems", vendorExtensionField: 18).Including(SimpleSchemaFields(1));

    static readonly MessageShape Responses = new("Responses", vendorExtensionField: 2)
    {
        Entries = NamedEntries(1, Wrapper(2, ResponseValue)),
    };

    static readonly MessageShape Response = new("Response", vendorExtensionField: 5)
    {
        ["description"] = String(1), ["schema"] = Wrapper(2, SchemaItem),
    };

    static readonly MessageShape Schema = new("Schema", vendorExtensionField: 31)
    {
        ["$ref"] = String(1), ["format"] = String(2), ["title"] = String(3), ["description"] = String(4),
        ["default"] = AnyValue(5), ["multipleOf"] = Double(6), ["maximum"] = Double(7), ["exclusiveMaximum"] = Bool(8),
        ["minimum"] = Double(9), ["exclusiveMinimum"] = Bool(10), ["maxLength"] = Int64(11), ["minLength"] = Int64(12),
        ["pattern"] = String(13), ["maxItems"] = Int64(14), ["minItems"] = Int64(15), ["uniqueItems"] = Bool(16),
        ["maxProperties"] = Int64(17), ["minProperties"] = Int64(18), ["required"] = Strings(19), ["enum"] = AnyValues(20),
        ["additionalProperties"] = Wrapper(21, AdditionalPropertiesItem), ["type"] = Wrapper(22, TypeItem),
        ["items"] = Wrapper(23, ItemsItem), ["allOf"] = Messages(24, () => Schema), ["properties"] = Message(25, () => Properties),
        ["discriminator"] = String(26), ["readOnly"] = Bool(27), ["externalDocs"] = Message(29, () => ExternalDocs),
        ["example"] = AnyValue(30),
    };

    static readonly MessageShape Properties = new("Properties") { Entries = NamedEntries(1, Message(2, () => Schema)) };
}
