using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Patching;
using Coxswain.LocalCluster.Patching.StrategicMerge;

namespace Coxswain.LocalCluster.Http;

public enum PatchType { Json, Merge, StrategicMerge, Apply }

/// <summary>
/// Picks the patch engine from the request's Content-Type and applies JSON, merge and strategic merge patches to the
/// current object. Server-side apply is not a patch of the current object but a merge with field ownership: it goes
/// through <see cref="Patching.ServerSideApply.ServerSideApply"/>.
/// </summary>
public sealed class PatchApplier
{
    public PatchType Resolve(ResourceDefinition r, string contentType)
    {
        var media = contentType.Split(';')[0].Trim();
        return media switch
        {
            "application/json-patch+json" => PatchType.Json,
            "application/merge-patch+json" => PatchType.Merge,
            // Strategic merge needs Go struct metadata: kube-apiserver refuses it for custom resources with 415.
            "application/strategic-merge-patch+json" when r.ModelType is not null => PatchType.StrategicMerge,
            "application/apply-patch+yaml" => PatchType.Apply,
            _ => throw StatusError.UnsupportedMediaType(contentType, r.ModelType is null
                ? ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml"]
                : ["application/json-patch+json", "application/merge-patch+json", "application/apply-patch+yaml", "application/strategic-merge-patch+json"]),
        };
    }

    /// <summary>
    /// Applies a JSON, merge or strategic merge patch. <paramref name="schema"/> is the type of <paramref name="current"/>
    /// for strategic merge (the resource's own unless a subresource has another type, like Scale).
    /// </summary>
    public JsonObject Apply(ResourceDefinition r, PatchType type, JsonObject current, byte[] body, MergeSchema? schema = null)
    {
        try
        {
            JsonNode? result = type switch
            {
                PatchType.Json => JsonPatch.Apply(current, JsonOperations(body)),
                PatchType.Merge => JsonMergePatch.Apply(current, JsonNode.Parse(body)),
                PatchType.StrategicMerge => StrategicMergePatch.Apply(current, JsonNode.Parse(body) as JsonObject
                    ?? throw StatusError.BadRequest("json: cannot unmarshal array into Go value of type map[string]interface {}"),
                    schema ?? MergeSchema.ForResource(r)),
                _ => throw new InvalidOperationException("server-side apply is not applied as a patch"),
            };
            return result as JsonObject ?? throw StatusError.BadRequest("the patch produced something that is not an object");
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or ArgumentException)
        {
            // System.Text.Json parses a lone surrogate escape ("\ud800") but throws InvalidOperationException once the
            // patch engine reads it as a string, and a key given twice throws ArgumentException once the object is
            // enumerated: malformed client input all the same.
            throw StatusError.BadRequest($"error decoding patch: {e.Message}");
        }
        catch (JsonPatchException)
        {
            throw Unprocessable();
        }
        catch (StrategicMergePatchException e)
        {
            // As kube-apiserver's interpretStrategicMergePatchError: malformed directives are 400s, unmergeable content a
            // generic 422. kube-apiserver lets the remaining errors (an unknown $patch value, an item without its merge key)
            // through as 500s; they are the client's mistakes all the same, and a malformed request never gets a 500 here.
            throw e.Kind switch
            {
                StrategicMergePatchErrorKind.Unprocessable => Unprocessable(),
                _ => StatusError.BadRequest(e.Message),
            };
        }
    }

    /// <summary>
    /// kube-apiserver reports patches it cannot apply through NewGenericServerResponse(422), whose message does not
    /// carry the cause.
    /// </summary>
    static StatusError Unprocessable() =>
        new(422, "Invalid", "the server rejected our request due to an error in our request", new JsonObject());

    static JsonArray JsonOperations(byte[] body)
    {
        var operations = JsonNode.Parse(body) as JsonArray
            ?? throw StatusError.BadRequest("json: cannot unmarshal object into Go value of type jsonpatch.Patch");
        if (operations.Count > JsonPatch.MaxOperations)
            throw StatusError.RequestEntityTooLarge(
                $"The allowed maximum operations in a JSON patch is {JsonPatch.MaxOperations}, got {operations.Count}");
        return operations;
    }
}
