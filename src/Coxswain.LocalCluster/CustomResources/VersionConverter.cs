using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Storage;

namespace Coxswain.LocalCluster.CustomResources;

/// <summary>
/// Serves a stored object in the version the client asked for. Built-ins and custom resources read in their storage
/// version pass their stored bytes through untouched; other versions of a CRD with conversion strategy <c>None</c> only
/// change <c>apiVersion</c>, as apiextensions-apiserver's nop converter does.
/// </summary>
public static class VersionConverter
{
    public static bool NeedsConversion(ResourceDefinition r) => r.Custom is { } c && c.StorageApiVersion != r.ApiVersion;

    public static byte[] Encode(StoredObject obj, ResourceDefinition r) =>
        NeedsConversion(r) ? JsonSerializer.SerializeToUtf8Bytes(Convert(obj.ToJsonObject(), r)) : obj.Value;

    public static JsonObject Convert(JsonObject obj, ResourceDefinition r)
    {
        if (NeedsConversion(r)) obj["apiVersion"] = r.ApiVersion;
        return obj;
    }
}
