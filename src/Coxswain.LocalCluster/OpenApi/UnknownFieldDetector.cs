using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.OpenApi;

/// <summary>
/// Finds the fields a strict decoder would reject: object keys the schema does not declare (unless it preserves
/// unknown fields) and — when reading raw JSON — keys that occur twice in one object. This is what
/// <c>fieldValidation=Strict</c> turns into a 400 and <c>Warn</c> into warning headers. Errors come in document
/// order, deduplicated and capped at 100 like sigs.k8s.io/json. Values typed as "any" (RawExtension, JSON) are
/// not looked into. Lookups use the cached <see cref="ModelSchemas"/>, so detection costs one pass over the input.
/// </summary>
public static class UnknownFieldDetector
{
    public const int MaxErrors = 100;

    static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 512, CommentHandling = JsonCommentHandling.Disallow };

    public static IReadOnlyList<StrictFieldError> Detect(Type modelType, JsonNode? value) => Detect(ModelSchemas.For(modelType), value);

    /// <summary>
    /// Unknown fields of an already parsed value. Duplicates cannot be reported here: a JsonObject parsed from
    /// JSON with a repeated key throws when enumerated, so check raw request bodies with the byte overload first.
    /// </summary>
    public static IReadOnlyList<StrictFieldError> Detect(ModelSchema schema, JsonNode? value)
    {
        var findings = new Findings();
        Walk(schema, value, findings);
        return findings.Errors;
    }

    public static IReadOnlyList<StrictFieldError> Detect(Type modelType, ReadOnlySpan<byte> utf8Json) => Detect(ModelSchemas.For(modelType), utf8Json);

    /// <summary>Unknown and duplicate fields of a raw JSON request body. Malformed JSON throws <see cref="JsonException"/>.</summary>
    public static IReadOnlyList<StrictFieldError> Detect(ModelSchema schema, ReadOnlySpan<byte> utf8Json)
    {
        var findings = new Findings();
        var reader = new Utf8JsonReader(utf8Json, ReaderOptions);
        if (reader.Read()) Walk(schema, ref reader, findings);
        return findings.Errors;
    }

    static void Walk(ModelSchema schema, JsonNode? value, Findings findings)
    {
        switch (value)
        {
            case JsonObject obj when schema.Kind is SchemaKind.Object or SchemaKind.Map:
                foreach (var (key, child) in obj)
                {
                    if (Member(schema, key, findings, out _) is not { } childSchema) continue;
                    findings.Enter(key);
                    Walk(childSchema, child, findings);
                    findings.Leave();
                }
                break;
            case JsonArray array when schema.Kind == SchemaKind.Array:
                for (var i = 0; i < array.Count; i++)
                {
                    findings.EnterIndex(i);
                    Walk(schema.Element!, array[i], findings);
                    findings.Leave();
                }
                break;
        }
    }

    /// <summary>Walks the value the reader is positioned on, leaving the reader on its last token.</summary>
    static void Walk(ModelSchema schema, ref Utf8JsonReader reader, Findings findings)
    {
        if (reader.TokenType == JsonTokenType.StartObject && schema.Kind is SchemaKind.Object or SchemaKind.Map)
        {
            HashSet<string>? seen = null;
            Span<char> buffer = stackalloc char[128];
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                // Decode short unescaped keys into the stack buffer; Member then matches them without allocating.
                ReadOnlySpan<char> key = !reader.HasValueSequence && !reader.ValueIsEscaped && reader.ValueSpan.Length <= buffer.Length
                    ? buffer[..Encoding.UTF8.GetChars(reader.ValueSpan, buffer)]
                    : reader.GetString();
                var childSchema = Member(schema, key, findings, out var name);
                reader.Read();
                if (childSchema is null)
                {
                    reader.Skip();
                    continue;
                }
                if (!(seen ??= new HashSet<string>(StringComparer.Ordinal)).Add(name)) findings.Add(StrictFieldErrorKind.DuplicateField, name);
                findings.Enter(name);
                Walk(childSchema, ref reader, findings);
                findings.Leave();
            }
        }
        else if (reader.TokenType == JsonTokenType.StartArray && schema.Kind == SchemaKind.Array)
        {
            for (var i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
            {
                findings.EnterIndex(i);
                Walk(schema.Element!, ref reader, findings);
                findings.Leave();
            }
        }
        else reader.Skip();
    }

    /// <summary>
    /// The schema of member <paramref name="key"/> of an object or map, and its name as a string (the declared
    /// property name, so known keys cost no allocation); null when the member is not checked further, after
    /// recording it as unknown unless the schema preserves unknown fields.
    /// </summary>
    static ModelSchema? Member(ModelSchema schema, ReadOnlySpan<char> key, Findings findings, out string name)
    {
        if (schema.Kind == SchemaKind.Map)
        {
            name = key.ToString();
            return schema.Element;
        }
        if (schema.TryGetProperty(key, out var property))
        {
            name = property.Name;
            return property.Schema;
        }
        name = key.ToString();
        if (!schema.PreserveUnknownFields) findings.Add(StrictFieldErrorKind.UnknownField, name);
        return null;
    }

    /// <summary>The current path and the errors found so far.</summary>
    sealed class Findings
    {
        readonly StringBuilder path = new();
        readonly Stack<int> lengths = new();
        readonly HashSet<StrictFieldError> seen = new();
        public readonly List<StrictFieldError> Errors = new();

        public void Enter(string key)
        {
            lengths.Push(path.Length);
            if (path.Length > 0) path.Append('.');
            path.Append(key);
        }

        public void EnterIndex(int index)
        {
            lengths.Push(path.Length);
            path.Append('[').Append(index).Append(']');
        }

        public void Leave() => path.Length = lengths.Pop();

        public void Add(StrictFieldErrorKind kind, string field)
        {
            if (Errors.Count >= MaxErrors) return;
            var error = new StrictFieldError(kind, path.Length == 0 ? field : $"{path}.{field}");
            if (seen.Add(error)) Errors.Add(error);
        }
    }
}
