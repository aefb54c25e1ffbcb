// TEMPORARY: replaced by the tables branch.
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
namespace Coxswain.LocalCluster.Http;
public sealed class DefaultTableRenderer : ITableRenderer
{
    public JsonObject Render(ResourceDefinition r, IReadOnlyList<JsonObject> objects, string resourceVersion, string? continueToken, string? includeObject, bool includeColumns)
    {
        var rows = new JsonArray();
        foreach (var o in objects)
            rows.Add(new JsonObject { ["cells"] = new JsonArray((string?)o["metadata"]?["name"], (string?)o["metadata"]?["creationTimestamp"]), ["object"] = ApiHandler.PartialObjectMetadata(o) });
        var t = new JsonObject { ["kind"] = "Table", ["apiVersion"] = "meta.k8s.io/v1", ["metadata"] = new JsonObject { ["resourceVersion"] = resourceVersion } };
        if (includeColumns) t["columnDefinitions"] = new JsonArray(
            new JsonObject { ["name"] = "Name", ["type"] = "string", ["format"] = "name", ["description"] = "", ["priority"] = 0 },
            new JsonObject { ["name"] = "Created At", ["type"] = "date", ["format"] = "", ["description"] = "", ["priority"] = 0 });
        t["rows"] = rows;
        return t;
    }
}
