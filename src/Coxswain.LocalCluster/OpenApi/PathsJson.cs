using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.OpenApi;

/// <summary>The <c>paths</c> object shared by both dialects: operations grouped by path (sorted) and keyed by method.</summary>
internal static class PathsJson
{
    public static JsonObject Build(IEnumerable<ApiOperation> operations, Func<ApiOperation, JsonObject> renderOperation)
    {
        var paths = new JsonObject();
        foreach (var path in operations.GroupBy(o => o.Path).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var item = new JsonObject();
            foreach (var operation in path) item[operation.Method] = renderOperation(operation);
            paths[path.Key] = item;
        }
        return paths;
    }
}
