using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Admission;

/// <summary>
/// The admission.k8s.io AdmissionReview wire format: the request kube-apiserver posts to a webhook, and the checks it
/// makes on the answer (webhook/request.CreateAdmissionObjects and VerifyAdmissionResponse). Reading failures are
/// reported as <see cref="WebhookCallException"/> reasons with kube-apiserver's texts.
/// </summary>
internal static class AdmissionReview
{
    const string Group = "admission.k8s.io";

    /// <summary>The first of the webhook's admissionReviewVersions that the server speaks, or null.</summary>
    public static string? ChooseVersion(IReadOnlyList<string> accepted) => accepted.FirstOrDefault(v => v is "v1" or "v1beta1");

    public static byte[] CreateRequest(string version, string uid, AdmissionAttributes a, ResourceDefinition target)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteString("kind", "AdmissionReview");
            w.WriteString("apiVersion", $"{Group}/{version}");
            w.WriteStartObject("request");
            w.WriteString("uid", uid);
            WriteKind(w, "kind", a.ObjectKind ?? KindOf(target));
            WriteResource(w, "resource", target);
            if (a.Subresource is { Length: > 0 } sub) w.WriteString("subResource", sub);
            WriteKind(w, "requestKind", a.ObjectKind ?? KindOf(a.Resource));
            WriteResource(w, "requestResource", a.Resource);
            if (a.Subresource is { Length: > 0 } requestSub) w.WriteString("requestSubResource", requestSub);
            if (a.Name.Length > 0) w.WriteString("name", a.Name);
            if (a.Namespace is { Length: > 0 } ns) w.WriteString("namespace", ns);
            w.WriteString("operation", a.Operation.ToWire());
            w.WritePropertyName("userInfo");
            a.UserInfo.WriteTo(w);
            WriteObject(w, "object", a.Object, a.ObjectKind ?? KindOf(target));
            WriteObject(w, "oldObject", a.OldObject, a.ObjectKind ?? KindOf(target));
            w.WriteBoolean("dryRun", a.DryRun);
            if (a.Options is { } options)
            {
                w.WritePropertyName("options");
                options.WriteTo(w);
            }
            w.WriteEndObject();
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    static GroupVersionKindRef KindOf(ResourceDefinition r) => new(r.Group, r.Version, r.Kind);

    static void WriteKind(Utf8JsonWriter w, string property, GroupVersionKindRef kind)
    {
        w.WriteStartObject(property);
        w.WriteString("group", kind.Group);
        w.WriteString("version", kind.Version);
        w.WriteString("kind", kind.Kind);
        w.WriteEndObject();
    }

    static void WriteResource(Utf8JsonWriter w, string property, ResourceDefinition r)
    {
        w.WriteStartObject(property);
        w.WriteString("group", r.Group);
        w.WriteString("version", r.Version);
        w.WriteString("resource", r.Plural);
        w.WriteEndObject();
    }

    /// <summary>
    /// Writes the object in the version the webhook receives. Custom resources (stored in their storage version, or
    /// matched through another version) convert by apiVersion alone, as CRDs with conversion None do.
    /// </summary>
    static void WriteObject(Utf8JsonWriter w, string property, JsonObject? obj, GroupVersionKindRef target)
    {
        w.WritePropertyName(property);
        if (obj is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        w.WriteString("apiVersion", target.ApiVersion);
        w.WriteString("kind", target.Kind);
        foreach (var (key, value) in obj)
        {
            if (key is "apiVersion" or "kind") continue;
            w.WritePropertyName(key);
            if (value is null) w.WriteNullValue(); else value.WriteTo(w);
        }
        w.WriteEndObject();
    }

    /// <summary>Decodes and verifies a webhook's answer.</summary>
    /// <exception cref="FormatException">With the failure reason, e.g. <c>received invalid webhook response: expected response.uid="a", got "b"</c>.</exception>
    public static AdmissionResponse ReadResponse(byte[] body, string version, string uid, bool mutating)
    {
        var review = Decode(body);
        var response = review.Response ?? throw Invalid("webhook response was absent");
        if (version == "v1")
        {
            // v1beta1 answers were never checked for uid and kind; v1 ones are.
            if (response.Uid != uid) throw Invalid($"expected response.uid=\"{uid}\", got \"{response.Uid}\"");
            if (review.ApiVersion != $"{Group}/v1" || review.Kind != "AdmissionReview")
                throw Invalid($"expected webhook response of {Group}/v1, Kind=AdmissionReview, got {review.ApiVersion}, Kind={review.Kind}");
        }
        var hasPatch = response.Patch is { Length: > 0 };
        var hasPatchType = !string.IsNullOrEmpty(response.PatchType);
        if (hasPatch && !hasPatchType) throw Invalid("webhook returned response.patch but not response.patchType");
        if (!hasPatch && hasPatchType) throw Invalid("webhook returned response.patchType but not response.patch");
        if (!mutating && hasPatch) throw Invalid("validating webhook may not return response.patch");
        if (!mutating && hasPatchType) throw Invalid("validating webhook may not return response.patchType");
        return new AdmissionResponse(response.Allowed, hasPatch ? response.Patch : null, hasPatchType ? response.PatchType : null,
            response.Warnings, response.AuditAnnotations, response.Status);
    }

    static FormatException Invalid(string reason) => new($"received invalid webhook response: {reason}");

    static FormatException CannotDecode(string reason) => new($"failed to call webhook: {reason}");

    sealed record DecodedReview(string ApiVersion, string Kind, DecodedResponse? Response);

    sealed record DecodedResponse(
        string Uid, bool Allowed, byte[]? Patch, string? PatchType, IReadOnlyList<string> Warnings,
        IReadOnlyDictionary<string, string> AuditAnnotations, JsonObject? Status);

    /// <summary>What client-go's decoder makes of the body: type errors in Go's words, unknown fields ignored.</summary>
    static DecodedReview Decode(byte[] body)
    {
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(body);
        }
        catch (JsonException e)
        {
            throw CannotDecode($"couldn't get version/kind; json parse error: {e.Message}");
        }
        if (root is not JsonObject review)
            throw CannotDecode($"couldn't get version/kind; json parse error: json: cannot unmarshal {GoJsonType(root)} into Go value of type struct {{ APIVersion string \"json:\\\"apiVersion,omitempty\\\"\"; Kind string \"json:\\\"kind,omitempty\\\"\" }}");
        var apiVersion = review["apiVersion"] is JsonValue av && av.TryGetValue<string>(out var a) ? a : "";
        var kind = review["kind"] is JsonValue kv && kv.TryGetValue<string>(out var k) ? k : "";
        if (kind.Length == 0) throw CannotDecode($"Object 'Kind' is missing in '{Encoding.UTF8.GetString(body)}'");
        if (apiVersion.Length == 0) throw CannotDecode($"Object 'apiVersion' is missing in '{Encoding.UTF8.GetString(body)}'");

        var response = review["response"] switch
        {
            null => null,
            JsonObject o => DecodeResponse(o),
            var other => throw TypeError(other, "AdmissionReview.response", "v1.AdmissionResponse"),
        };
        return new DecodedReview(apiVersion, kind, response);
    }

    static DecodedResponse DecodeResponse(JsonObject o)
    {
        var uid = Field<string>(o, "uid", "string") ?? "";
        var allowed = Field<bool>(o, "allowed", "bool");
        var patchText = Field<string>(o, "patch", "[]uint8");
        var patch = patchText is null ? null : DecodeBase64(patchText);
        var patchType = Field<string>(o, "patchType", "v1.PatchType");
        var status = o["status"] switch
        {
            null => null,
            JsonObject s => s,
            var other => throw TypeError(other, "AdmissionResponse.response.status", "v1.Status"),
        };
        IReadOnlyList<string> warnings = o["warnings"] switch
        {
            null => [],
            JsonArray array => array.Select(w => w is JsonValue v && v.TryGetValue<string>(out var s) ? s
                : throw TypeError(w, "AdmissionResponse.response.warnings", "string")).ToList(),
            var other => throw TypeError(other, "AdmissionResponse.response.warnings", "[]string"),
        };
        IReadOnlyDictionary<string, string> annotations = o["auditAnnotations"] switch
        {
            null => new Dictionary<string, string>(),
            JsonObject map => map.ToDictionary(kv => kv.Key, kv => kv.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s
                : throw TypeError(kv.Value, "AdmissionResponse.response.auditAnnotations", "string")),
            var other => throw TypeError(other, "AdmissionResponse.response.auditAnnotations", "map[string]string"),
        };
        return new DecodedResponse(uid, allowed, patch, patchType, warnings, annotations, status?.DeepClone().AsObject());
    }

    static T? Field<T>(JsonObject o, string name, string goType)
    {
        var node = o[name];
        if (node is null) return default;
        if (node is JsonValue v && v.TryGetValue<T>(out var value)) return value;
        throw TypeError(node, $"AdmissionResponse.response.{name}", goType);
    }

    /// <summary>encoding/json decodes []byte fields with standard base64 and reports the first offending byte.</summary>
    static byte[] DecodeBase64(string text)
    {
        var buffer = new byte[text.Length];
        if (Convert.TryFromBase64String(text, buffer, out var written)) return buffer[..written];
        var offset = 0;
        while (offset < text.Length && (char.IsAsciiLetterOrDigit(text[offset]) || text[offset] is '+' or '/')) offset++;
        throw CannotDecode($"illegal base64 data at input byte {offset}");
    }

    static FormatException TypeError(JsonNode? node, string field, string goType) =>
        CannotDecode($"json: cannot unmarshal {GoJsonType(node)} into Go struct field {field} of type {goType}");

    /// <summary>How Go's encoding/json names the JSON type of a value in its unmarshalling errors.</summary>
    public static string GoJsonType(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "bool",
        JsonValueKind.Array => "array",
        JsonValueKind.Object => "object",
        _ => "null",
    };
}
