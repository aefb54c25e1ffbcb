using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Tables;

namespace Coxswain.LocalCluster.Http;

/// <summary>Renders objects as a meta.k8s.io/v1 Table (kubectl's human output) with the resource's printer.</summary>
public sealed class TableRenderer(TimeProvider? time = null)
{
    readonly TimeProvider time = time ?? TimeProvider.System;

    static TableConvertor ConvertorFor(ResourceDefinition r) =>
        r.Custom is { } custom ? new TableConvertor(CustomResourceTablePrinter.FromColumnDefinitions(custom.PrinterColumns)) : TableConvertor.For(r);

    public JsonObject RenderList(ResourceDefinition r, IEnumerable<JsonObject> objects, string resourceVersion, string? continueToken,
        string? includeObject, long? remainingItemCount) =>
        ConvertorFor(r).ConvertList(objects, resourceVersion, continueToken, includeObject, time.GetUtcNow(), remainingItemCount);

    /// <summary>One object: a GET, or one watch event (column definitions only on the first event of a watch).</summary>
    public JsonObject RenderObject(ResourceDefinition r, JsonObject obj, string? includeObject, bool includeColumns) =>
        ConvertorFor(r).ConvertObject(obj, includeObject, time.GetUtcNow(), includeColumns);
}
