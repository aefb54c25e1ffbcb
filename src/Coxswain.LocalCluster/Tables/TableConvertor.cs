using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Tables;

/// <summary>
/// Builds the meta.k8s.io <c>Table</c> answered to <c>Accept: application/json;as=Table;v=v1;g=meta.k8s.io</c>
/// (kube-apiserver's <c>asTable</c> over a resource's TableConvertor): column definitions, one row per object,
/// and each row's <c>object</c> shaped by the <c>includeObject</c> query parameter.
/// </summary>
public sealed class TableConvertor(ITablePrinter printer)
{
    public const string MetaV1 = "meta.k8s.io/v1";
    public const string MetaV1Beta1 = "meta.k8s.io/v1beta1";

    /// <summary>The convertor of a built-in (or unknown, default-printed) resource; custom resources pass their CRD's printer instead.</summary>
    public static TableConvertor For(ResourceDefinition resource) => new(TablePrinters.For(resource));

    public ITablePrinter Printer { get; } = printer;

    /// <summary>
    /// The negotiated Table group version, <see cref="MetaV1"/> or <see cref="MetaV1Beta1"/>; it is also the
    /// apiVersion of the PartialObjectMetadata in each row.
    /// </summary>
    public string GroupVersion { get; init; } = MetaV1;

    /// <summary>The Table for a list response.</summary>
    /// <param name="items">The listed objects, in list order.</param>
    /// <param name="resourceVersion">The list's metadata.resourceVersion.</param>
    /// <param name="continueToken">The list's metadata.continue, if the list is a chunk.</param>
    /// <param name="includeObject">The raw <c>includeObject</c> query parameter.</param>
    /// <param name="now">The instant ages are measured against.</param>
    /// <param name="remainingItemCount">The list's metadata.remainingItemCount, if known.</param>
    /// <exception cref="StatusError">BadRequest for an unrecognized includeObject (only once there is a row to render).</exception>
    public JsonObject ConvertList(IEnumerable<JsonObject> items, string? resourceVersion, string? continueToken,
        string? includeObject, DateTimeOffset now, long? remainingItemCount = null)
    {
        var metadata = new JsonObject();
        if (!string.IsNullOrEmpty(resourceVersion)) metadata["resourceVersion"] = resourceVersion;
        if (!string.IsNullOrEmpty(continueToken)) metadata["continue"] = continueToken;
        if (remainingItemCount is not null) metadata["remainingItemCount"] = remainingItemCount;
        return Table(metadata, items, includeObject, now, includeColumnDefinitions: true);
    }

    /// <summary>
    /// The one-row Table for a single object: a GET, or one watch event. On a watch only the first event carries
    /// column definitions; pass <paramref name="includeColumnDefinitions"/> false for the rest
    /// (kube-apiserver then serializes <c>"columnDefinitions": null</c>).
    /// </summary>
    /// <exception cref="StatusError">BadRequest for an unrecognized includeObject.</exception>
    public JsonObject ConvertObject(JsonObject obj, string? includeObject, DateTimeOffset now, bool includeColumnDefinitions = true)
    {
        var metadata = new JsonObject();
        if (obj.StringAt("metadata", "resourceVersion") is { Length: > 0 } resourceVersion) metadata["resourceVersion"] = resourceVersion;
        return Table(metadata, [obj], includeObject, now, includeColumnDefinitions);
    }

    JsonObject Table(JsonObject metadata, IEnumerable<JsonObject> items, string? includeObject, DateTimeOffset now, bool includeColumnDefinitions)
    {
        var rows = new JsonArray();
        foreach (var item in items)
        {
            rows.Add(Row(item, includeObject, now));
        }
        return new JsonObject
        {
            ["kind"] = "Table",
            ["apiVersion"] = GroupVersion,
            ["metadata"] = metadata,
            ["columnDefinitions"] = includeColumnDefinitions ? new JsonArray(Printer.Columns.Select(c => (JsonNode)c.ToJson()).ToArray()) : null,
            ["rows"] = rows,
        };
    }

    JsonObject Row(JsonObject item, string? includeObject, DateTimeOffset now)
    {
        // kube-apiserver checks includeObject while filling in row objects, so an empty list never fails.
        if (!IncludeObjectPolicies.TryParse(includeObject, out var policy))
        {
            throw StatusError.BadRequest($"unrecognized includeObject value: \"{includeObject}\"");
        }
        var printed = Printer.PrintRow(item, now);
        var row = new JsonObject { ["cells"] = printed.Cells };
        if (printed.Conditions is not null) row["conditions"] = printed.Conditions;
        row["object"] = policy switch
        {
            IncludeObjectPolicy.Object => item.DeepClone(),
            IncludeObjectPolicy.None => null,
            _ => PartialObjectMetadata(item),
        };
        return row;
    }

    /// <summary>The object's complete metadata (labels and annotations included, which kubectl's --show-labels / -L read).</summary>
    JsonObject PartialObjectMetadata(JsonObject item) => new()
    {
        ["kind"] = "PartialObjectMetadata",
        ["apiVersion"] = GroupVersion,
        ["metadata"] = item.ObjectAt("metadata")?.DeepClone() ?? new JsonObject(),
    };
}
