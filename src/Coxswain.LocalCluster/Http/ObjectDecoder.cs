using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using k8s;

namespace Coxswain.LocalCluster.Http;

/// <summary>
/// Turns a request body into the object the server stores: parse, check it against the kind's model type (wrong JSON types
/// are 400s, as Go's decoder makes them), and drop what the model does not know, as kube-apiserver's decode/encode
/// round trip does. Unknown fields are reported back for <c>fieldValidation</c> Strict/Warn.
/// </summary>
public static class ObjectDecoder
{
    /// <summary>
    /// Parses a request body; duplicate keys (which JSON objects cannot hold) are reported as strict-decoding errors.
    /// The same pass over the raw bytes finds the unknown fields of a built-in kind (null for kinds without a model type);
    /// hand them to <see cref="Normalize"/> so it need not walk the parsed tree again.
    /// </summary>
    public static (JsonObject Object, IReadOnlyList<string> Duplicates, IReadOnlyList<string>? UnknownFields) ParseChecked(ResourceDefinition r, byte[] body)
    {
        var obj = Parse(r, body);
        if (r.ModelType is null) return (obj, [], null);
        List<string> errors;
        try
        {
            errors = OpenApi.UnknownFieldDetector.Detect(r.ModelType, body).Select(e => e.ToString()).ToList();
        }
        catch (InvalidOperationException e)
        {
            // A string that is not valid UTF-16 (a lone surrogate escape such as "\ud800") parses but cannot be read.
            throw CannotBeHandled(r, e.Message);
        }
        var duplicates = errors.Where(IsDuplicate).ToList();
        // A JsonObject cannot hold a key twice (it throws once enumerated); Go's decoder keeps the last value, and so do we
        // when fieldValidation lets the duplicate through.
        if (duplicates.Count > 0) obj = (JsonObject)LastValueWins(JsonDocument.Parse(body).RootElement)!;
        return (obj, duplicates, errors.Where(m => !IsDuplicate(m)).ToList());
    }

    static bool IsDuplicate(string strictError) => strictError.StartsWith("duplicate", StringComparison.Ordinal);

    static JsonNode? LastValueWins(JsonElement element)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var obj = new JsonObject();
                foreach (var property in element.EnumerateObject()) obj[property.Name] = LastValueWins(property.Value);
                return obj;
            case JsonValueKind.Array:
                return new JsonArray(element.EnumerateArray().Select(LastValueWins).ToArray());
            default:
                return JsonValue.Create(element);
        }
    }

    /// <summary>kube-apiserver's wording for a body that parses as JSON but does not decode into the kind.</summary>
    public static StatusError CannotBeHandled(ResourceDefinition r, string detail) =>
        StatusError.BadRequest($"{r.Kind} in version \"{r.Version}\" cannot be handled as a {r.Kind}: {detail}");

    public static JsonObject Parse(ResourceDefinition r, ReadOnlySpan<byte> body)
    {
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(body, documentOptions: new JsonDocumentOptions { MaxDepth = 256 });
        }
        catch (JsonException e)
        {
            throw StatusError.BadRequest(
                $"the object provided is unrecognized (must be of type {r.Kind}): couldn't get version/kind; json parse error: {e.Message}");
        }
        return node as JsonObject ?? throw StatusError.BadRequest(
            $"the object provided is unrecognized (must be of type {r.Kind}): couldn't get version/kind; json parse error: expected an object");
    }

    /// <summary>
    /// Normalises <paramref name="obj"/> through the model type. Returns the unknown fields found (as <c>unknown field "x"</c>
    /// messages) so the caller can apply the request's fieldValidation directive.
    /// </summary>
    /// <param name="unknownFields">
    /// The unknown fields when the caller already has them from the raw body (<see cref="ParseChecked"/>): walking the parsed
    /// tree again would cost a second pass and materialise every node of it, a sizeable share of a create's CPU and allocation.
    /// </param>
    public static (JsonObject Object, IReadOnlyList<string> UnknownFields) Normalize(ResourceDefinition r, JsonObject obj,
        IReadOnlyList<string>? unknownFields = null)
    {
        if (r.Custom is { Schema: { } schema })
        {
            // Custom resources: prune what the structural schema does not declare, then apply its defaults.
            var pruned = CustomResources.StructuralSchema.Prune(obj, schema);
            CustomResources.StructuralSchema.ApplyDefaults(obj, schema);
            return (obj, pruned.Select(p => $"unknown field \"{p}\"").ToList());
        }
        if (r.ModelType is null) return (obj, []);
        IReadOnlyList<string> unknown;
        object? typed;
        try
        {
            unknown = unknownFields ?? OpenApi.UnknownFieldDetector.Detect(r.ModelType, obj).Select(e => e.ToString()).ToList();
            typed = Deserializer(r.ModelType)(obj.ToJsonString());
        }
        catch (JsonException e)
        {
            var path = e.Path is { Length: > 2 } p ? p[2..] : "";
            throw CannotBeHandled(r, $"json: cannot unmarshal {JsonKindAt(obj, path)} into Go struct field {r.Kind}.{path}");
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException or ArgumentException)
        {
            // The model's own converters refuse well-formed JSON with a bad value (a timestamp "yesterday", a quantity
            // "lots"), and System.Text.Json cannot read a lone surrogate escape: still the client's mistake, reported the
            // way kube-apiserver reports any decode failure.
            throw CannotBeHandled(r, e.Message);
        }
        var normalized = (JsonObject)JsonNode.Parse(KubernetesJson.Serialize(typed))!;
        MicroTimeFields.Restore(r, obj, normalized);
        return (normalized, unknown);
    }

    static readonly System.Collections.Concurrent.ConcurrentDictionary<Type, Func<string, object?>> Deserializers = new();

    /// <summary>KubernetesJson only offers a generic Deserialize; bind it once per model type.</summary>
    static Func<string, object?> Deserializer(Type type) => Deserializers.GetOrAdd(type, t =>
    {
        var method = typeof(KubernetesJson).GetMethods()
            .Single(m => m.Name == nameof(KubernetesJson.Deserialize) && m.IsGenericMethodDefinition &&
                         m.GetParameters() is [{ ParameterType: var p0 }, _] && p0 == typeof(string))
            .MakeGenericMethod(t);
        return json =>
        {
            try { return method.Invoke(null, [json, null]); }
            catch (System.Reflection.TargetInvocationException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        };
    });

    static string JsonKindAt(JsonObject obj, string path)
    {
        try
        {
            JsonNode? node = obj;
            foreach (var seg in path.Split('.', StringSplitOptions.RemoveEmptyEntries))
            {
                var name = seg;
                var bracket = seg.IndexOf('[');
                if (bracket >= 0) name = seg[..bracket];
                node = node?[name];
                if (bracket >= 0 && node is JsonArray a && int.TryParse(seg[(bracket + 1)..^1], out var idx)) node = a[idx];
            }
            return node?.GetValueKind() switch
            {
                JsonValueKind.String => "string",
                JsonValueKind.Number => "number",
                JsonValueKind.True or JsonValueKind.False => "bool",
                JsonValueKind.Array => "array",
                JsonValueKind.Object => "object",
                _ => "value",
            };
        }
        catch (Exception)
        {
            return "value";
        }
    }
}
