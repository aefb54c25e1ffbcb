using System.Globalization;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;
using Json.Schema;

namespace Coxswain.LocalCluster.CustomResources;

/// <summary>
/// Validates custom resources against a CRD's <c>openAPIV3Schema</c> with JsonSchema.Net, and words each failure the way
/// kube-apiserver's apiextensions validation does (<c>spec.replicas: Invalid value: -1: spec.replicas in body should be
/// greater than or equal to 0</c>, <c>Required value</c>, <c>Unsupported value</c> …), so kubectl prints familiar errors.
/// </summary>
public sealed class SchemaValidator
{
    readonly JsonObject kubeSchema;
    readonly JsonSchema schema;

    public SchemaValidator(JsonObject openApiV3Schema)
    {
        kubeSchema = openApiV3Schema;
        var translated = ToJsonSchema(openApiV3Schema.DeepClone());
        // metadata is validated by the server's ObjectMeta rules, never by the CRD schema (kube ignores it too).
        if (translated is JsonObject root && root["properties"] is JsonObject props) props.Remove("metadata");
        schema = JsonSchema.FromText(translated!.ToJsonString());
    }

    public IReadOnlyList<FieldError> Validate(JsonObject obj)
    {
        var results = schema.Evaluate(obj, new EvaluationOptions { OutputFormat = OutputFormat.List });
        if (results.IsValid) return [];
        var errors = new List<FieldError>();
        foreach (var detail in results.Details)
        {
            if (detail.Errors is null) continue;
            foreach (var (keyword, _) in detail.Errors)
            {
                var error = Describe(keyword, detail.InstanceLocation.ToString(), detail.EvaluationPath.ToString(), obj);
                if (error is not null && !errors.Contains(error)) errors.Add(error);
            }
        }
        return errors;
    }

    FieldError? Describe(string keyword, string instancePointer, string schemaPointer, JsonObject obj)
    {
        var field = FieldPath(instancePointer);
        var value = Resolve(obj, instancePointer);
        var rule = Resolve(kubeSchema, TrimKeyword(schemaPointer, keyword)) as JsonObject ?? new JsonObject();
        string Body() => field.Length == 0 ? "body" : $"{field} in body";
        switch (keyword)
        {
            case "required":
                var missing = (rule["required"] as JsonArray ?? []).Select(n => (string?)n).OfType<string>()
                    .Where(name => value is JsonObject o && !o.ContainsKey(name)).ToList();
                return missing.Count == 0 ? null : FieldError.Required(Join(field, missing[0]));
            case "type":
                var expected = (string?)rule["type"] ?? "object";
                var actual = JsonTypeName(value);
                return new FieldError(field, "FieldValueTypeInvalid",
                    $"Invalid value: \"{actual}\": {Body()} must be of type {expected}: \"{actual}\"");
            case "enum":
                return FieldError.NotSupported(field, value, (rule["enum"] as JsonArray ?? []).Select(e => e is JsonValue v && v.TryGetValue<string>(out var s) ? s : e?.ToJsonString() ?? "null"));
            case "pattern":
                return FieldError.Invalid(field, value, $"{Body()} should match '{(string?)rule["pattern"]}'");
            case "minimum":
                return FieldError.Invalid(field, value, $"{Body()} should be greater than or equal to {Num(rule["minimum"])}");
            case "maximum":
                return FieldError.Invalid(field, value, $"{Body()} should be less than or equal to {Num(rule["maximum"])}");
            case "exclusiveMinimum":
                return FieldError.Invalid(field, value, $"{Body()} should be greater than {Num(rule["minimum"] ?? rule["exclusiveMinimum"])}");
            case "exclusiveMaximum":
                return FieldError.Invalid(field, value, $"{Body()} should be less than {Num(rule["maximum"] ?? rule["exclusiveMaximum"])}");
            case "minLength":
                return FieldError.Invalid(field, value, $"{Body()} should be at least {Num(rule["minLength"])} chars long");
            case "maxLength":
                return new FieldError(field, "FieldValueTooLong", $"Too long: may not be more than {Num(rule["maxLength"])} bytes");
            case "minItems":
                return FieldError.Invalid(field, value, $"{Body()} should have at least {Num(rule["minItems"])} items");
            case "maxItems":
                return new FieldError(field, "FieldValueTooMany",
                    $"Too many: {(value as JsonArray)?.Count ?? 0}: must have at most {Num(rule["maxItems"])} items");
            case "minProperties":
                return FieldError.Invalid(field, value, $"{Body()} should have at least {Num(rule["minProperties"])} properties");
            case "maxProperties":
                return FieldError.Invalid(field, value, $"{Body()} should have at most {Num(rule["maxProperties"])} properties");
            case "multipleOf":
                return FieldError.Invalid(field, value, $"{Body()} should be a multiple of {Num(rule["multipleOf"])}");
            case "uniqueItems":
                return FieldError.Duplicate(field, value);
            case "anyOf" or "oneOf" or "allOf" or "not":
                // Composition failures are reported through their branches; int-or-string is the one kube words itself.
                if (rule["x-kubernetes-int-or-string"] is not null)
                    return new FieldError(field, "FieldValueTypeInvalid",
                        $"Invalid value: \"{JsonTypeName(value)}\": {Body()} must be of type integer,string: \"{JsonTypeName(value)}\"");
                return null;
            default:
                return null;
        }
    }

    static string Num(JsonNode? n) => n?.ToJsonString() ?? "?";

    static string TrimKeyword(string schemaPointer, string keyword) =>
        schemaPointer.EndsWith("/" + keyword, StringComparison.Ordinal) ? schemaPointer[..^(keyword.Length + 1)] : schemaPointer;

    static string Join(string parent, string child) => parent.Length == 0 ? child : $"{parent}.{child}";

    /// <summary>"/spec/containers/0/name" → "spec.containers[0].name", kube's field path notation.</summary>
    public static string FieldPath(string pointer)
    {
        var sb = new System.Text.StringBuilder();
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var token = raw.Replace("~1", "/").Replace("~0", "~");
            if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out _)) sb.Append('[').Append(token).Append(']');
            else
            {
                if (sb.Length > 0) sb.Append('.');
                sb.Append(token);
            }
        }
        return sb.ToString();
    }

    static JsonNode? Resolve(JsonNode? node, string pointer)
    {
        foreach (var raw in pointer.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            var token = raw.Replace("~1", "/").Replace("~0", "~");
            node = node switch
            {
                JsonObject o => o[token],
                JsonArray a when int.TryParse(token, out var i) && i < a.Count => a[i],
                _ => null,
            };
        }
        return node;
    }

    static string JsonTypeName(JsonNode? n) => n?.GetValueKind() switch
    {
        System.Text.Json.JsonValueKind.String => "string",
        System.Text.Json.JsonValueKind.Number => n.AsValue().TryGetValue<long>(out _) ? "integer" : "number",
        System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => "boolean",
        System.Text.Json.JsonValueKind.Array => "array",
        System.Text.Json.JsonValueKind.Object => "object",
        _ => "null",
    };

    /// <summary>
    /// Kubernetes' OpenAPI v3 dialect → JSON Schema: <c>nullable</c> becomes a null type alternative and
    /// <c>x-kubernetes-int-or-string</c> an integer-or-string choice; other <c>x-kubernetes-*</c> keys are ignored by the
    /// evaluator, and <c>format</c> stays an annotation as in kube (formats are checked separately, if at all).
    /// </summary>
    static JsonNode? ToJsonSchema(JsonNode? node)
    {
        if (node is JsonArray arr)
        {
            for (var i = 0; i < arr.Count; i++) arr[i] = ToJsonSchema(arr[i]?.DeepClone());
            return arr;
        }
        if (node is not JsonObject s) return node;
        foreach (var key in new[] { "properties", "patternProperties", "definitions" })
            if (s[key] is JsonObject props)
                foreach (var name in props.Select(p => p.Key).ToList())
                    props[name] = ToJsonSchema(props[name]?.DeepClone());
        foreach (var key in new[] { "items", "additionalProperties", "not" })
            if (s[key] is JsonObject or JsonArray) s[key] = ToJsonSchema(s[key]!.DeepClone());
        foreach (var key in new[] { "allOf", "anyOf", "oneOf" })
            if (s[key] is JsonArray) s[key] = ToJsonSchema(s[key]!.DeepClone());

        if ((bool?)s["x-kubernetes-int-or-string"] == true)
        {
            s.Remove("type");
            s["anyOf"] = new JsonArray(new JsonObject { ["type"] = "integer" }, new JsonObject { ["type"] = "string" });
        }
        if ((bool?)s["nullable"] == true && s["type"] is JsonValue t)
            s["type"] = new JsonArray((string?)t, "null");
        // OpenAPI v3.0's boolean exclusiveMinimum/Maximum → JSON Schema's numeric form.
        if ((bool?)s["exclusiveMinimum"] == true && s["minimum"] is { } min) { s["exclusiveMinimum"] = min.DeepClone(); s.Remove("minimum"); }
        else if (s["exclusiveMinimum"] is JsonValue em && em.GetValueKind() is System.Text.Json.JsonValueKind.False) s.Remove("exclusiveMinimum");
        if ((bool?)s["exclusiveMaximum"] == true && s["maximum"] is { } max) { s["exclusiveMaximum"] = max.DeepClone(); s.Remove("maximum"); }
        else if (s["exclusiveMaximum"] is JsonValue ex && ex.GetValueKind() is System.Text.Json.JsonValueKind.False) s.Remove("exclusiveMaximum");
        s.Remove("default");
        s.Remove("example");
        return s;
    }
}
