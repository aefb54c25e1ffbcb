using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.OpenApi;

/// <summary>Writes one OpenAPI 3.0 document (a group version, a group, /api, /apis or /version) from its operations.</summary>
public static class OpenApiV3DocumentWriter
{
    public static JsonObject Write(OpenApiInfo info, IEnumerable<ApiOperation> operations, bool includeDescriptions)
    {
        var schemas = new SchemaJsonRenderer(OpenApiDialect.OpenApiV3, includeDescriptions);
        var paths = PathsJson.Build(operations, operation => Operation(operation, schemas));
        return new JsonObject
        {
            ["openapi"] = "3.0.0",
            ["info"] = new JsonObject { ["title"] = info.Title, ["version"] = info.Version },
            ["paths"] = paths,
            ["components"] = new JsonObject { ["schemas"] = schemas.Definitions() },
        };
    }

    static JsonObject Operation(ApiOperation operation, SchemaJsonRenderer schemas)
    {
        var json = new JsonObject
        {
            ["tags"] = new JsonArray(operation.Tag),
            ["description"] = operation.Description,
            ["operationId"] = operation.OperationId,
        };
        if (operation.Parameters.Count > 0)
            json["parameters"] = new JsonArray([.. operation.Parameters.Select(p => (JsonNode)schemas.Parameter(p))]);
        if (operation.RequestBody is { } body)
            json["requestBody"] = new JsonObject { ["content"] = Content(operation.RequestMediaTypes, body, schemas), ["required"] = true };

        var responses = new JsonObject();
        foreach (var response in operation.Responses)
        {
            var responseJson = new JsonObject { ["description"] = response.Description };
            if (response.Schema is { } schema) responseJson["content"] = Content(operation.ResponseMediaTypes, schema, schemas);
            responses[response.Code] = responseJson;
        }
        json["responses"] = responses;
        if (operation.Action is { } action) json["x-kubernetes-action"] = action;
        if (operation.GroupVersionKind is { } gvk) json["x-kubernetes-group-version-kind"] = SchemaJsonRenderer.GroupVersionKindJson(gvk);
        return json;
    }

    static JsonObject Content(IEnumerable<string> mediaTypes, ModelSchema schema, SchemaJsonRenderer schemas)
    {
        var content = new JsonObject();
        foreach (var mediaType in mediaTypes) content[mediaType] = new JsonObject { ["schema"] = schemas.Use(schema) };
        return content;
    }
}
