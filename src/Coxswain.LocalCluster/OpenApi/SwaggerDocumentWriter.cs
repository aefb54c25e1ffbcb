using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.OpenApi;

/// <summary>Writes the Swagger 2.0 document served at /openapi/v2: every operation and definition in one document.</summary>
public static class SwaggerDocumentWriter
{
    public static JsonObject Write(OpenApiInfo info, IEnumerable<ApiOperation> operations, bool includeDescriptions)
    {
        var schemas = new SchemaJsonRenderer(OpenApiDialect.SwaggerV2, includeDescriptions);
        var paths = PathsJson.Build(operations, operation => Operation(operation, schemas));
        return new JsonObject
        {
            ["swagger"] = "2.0",
            ["info"] = new JsonObject { ["title"] = info.Title, ["version"] = info.Version },
            ["paths"] = paths,
            ["definitions"] = schemas.Definitions(),
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
        if (operation.RequestBody is not null) json["consumes"] = Strings(operation.RequestMediaTypes);
        json["produces"] = Strings(operation.ResponseMediaTypes);
        json["schemes"] = new JsonArray("https");

        var parameters = new JsonArray([.. operation.Parameters.Select(p => (JsonNode)schemas.Parameter(p))]);
        if (operation.RequestBody is { } body)
            parameters.Add(new JsonObject { ["name"] = "body", ["in"] = "body", ["required"] = true, ["schema"] = schemas.Use(body) });
        if (parameters.Count > 0) json["parameters"] = parameters;

        var responses = new JsonObject();
        foreach (var response in operation.Responses)
        {
            var responseJson = new JsonObject { ["description"] = response.Description };
            if (response.Schema is { } schema) responseJson["schema"] = schemas.Use(schema);
            responses[response.Code] = responseJson;
        }
        json["responses"] = responses;
        if (operation.Action is { } action) json["x-kubernetes-action"] = action;
        if (operation.GroupVersionKind is { } gvk) json["x-kubernetes-group-version-kind"] = SchemaJsonRenderer.GroupVersionKindJson(gvk);
        return json;
    }

    static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)v)]);
}
