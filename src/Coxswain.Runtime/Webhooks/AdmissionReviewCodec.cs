using System.Text.Json.Nodes;
using k8s;

namespace Coxswain.Runtime.Webhooks;

/// <summary>
/// Reads the <c>request</c> of an AdmissionReview and writes its <c>response</c>, in the API version it came in
/// (<c>admission.k8s.io/v1</c>, or <c>v1beta1</c> which has the same shape), as controller-runtime's webhook does.
/// </summary>
internal static class AdmissionReviewCodec
{
    public const string V1 = "admission.k8s.io/v1";
    public const string V1Beta1 = "admission.k8s.io/v1beta1";

    /// <summary>The review's API version and request, or an error message for a body that is not a review.</summary>
    public static (string ApiVersion, JsonObject? Request, string? Error) ReadReview(JsonNode? body)
    {
        if (body is not JsonObject review)
        {
            return (V1, null, "request body is not an AdmissionReview object");
        }

        var apiVersion = review["apiVersion"]?.GetValue<string>() ?? string.Empty;
        if (apiVersion is not (V1 or V1Beta1) || review["kind"]?.GetValue<string>() != "AdmissionReview")
        {
            return (V1, null, $"unsupported AdmissionReview {apiVersion}: expected apiVersion {V1} and kind AdmissionReview");
        }

        return review["request"] is JsonObject request && request["uid"] is not null
            ? (apiVersion, request, null)
            : (apiVersion, null, "got an empty AdmissionRequest");
    }

    /// <summary>Decodes the objects of <paramref name="request"/> as <typeparamref name="T"/>.</summary>
    public static AdmissionRequest<T> Decode<T>(JsonObject request) where T : class => new()
    {
        Uid = Text(request, "uid") ?? string.Empty,
        Operation = Text(request, "operation") ?? string.Empty,
        Kind = new AdmissionKind(Text(request["kind"], "group") ?? string.Empty, Text(request["kind"], "version") ?? string.Empty, Text(request["kind"], "kind") ?? string.Empty),
        Resource = new AdmissionResource(
            Text(request["resource"], "group") ?? string.Empty, Text(request["resource"], "version") ?? string.Empty, Text(request["resource"], "resource") ?? string.Empty),
        SubResource = Text(request, "subResource"),
        Name = Text(request, "name"),
        Namespace = Text(request, "namespace"),
        Object = DecodeObject<T>(request["object"]),
        OldObject = DecodeObject<T>(request["oldObject"]),
        DryRun = request["dryRun"]?.GetValue<bool>() ?? false,
        UserInfo = request["userInfo"] as JsonObject,
        Options = request["options"] as JsonObject,
        Raw = request,
    };

    /// <summary>The object as JSON the way <typeparamref name="T"/> carries it (the basis of a computed patch).</summary>
    public static JsonNode? Encode<T>(T? obj) where T : class =>
        obj is null ? null : JsonNode.Parse(KubernetesJson.Serialize(obj));

    /// <summary>The review answering <paramref name="uid"/>.</summary>
    public static JsonObject Response(string apiVersion, string uid, AdmissionDecision decision, JsonArray? patch)
    {
        var response = new JsonObject { ["uid"] = uid, ["allowed"] = decision.Allowed };
        if (!decision.Allowed || decision.Message is not null)
        {
            var status = new JsonObject { ["metadata"] = new JsonObject(), ["code"] = decision.Code };
            if (!decision.Allowed)
            {
                status["status"] = "Failure";
            }

            if (decision.Reason is not null)
            {
                status["reason"] = decision.Reason;
            }

            if (decision.Message is not null)
            {
                status["message"] = decision.Message;
            }

            response["status"] = status;
        }

        if (decision.Allowed && patch is { Count: > 0 })
        {
            response["patch"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(patch.ToJsonString()));
            response["patchType"] = "JSONPatch";
        }

        if (decision.Warnings.Count > 0)
        {
            response["warnings"] = new JsonArray([.. decision.Warnings.Select(w => (JsonNode?)w)]);
        }

        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = "AdmissionReview", ["response"] = response };
    }

    private static T? DecodeObject<T>(JsonNode? node) where T : class =>
        node is JsonObject ? KubernetesJson.Deserialize<T>(node.ToJsonString()) : null;

    private static string? Text(JsonNode? parent, string name) => parent?[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;
}
