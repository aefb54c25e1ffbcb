using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>The core <c>helper</c> renderings shared by the persistent volume and claim printers.</summary>
internal static class StorageFormatting
{
    /// <summary>Pre-StorageClass-field annotation; it still takes precedence over spec.storageClassName.</summary>
    const string BetaStorageClassAnnotation = "volume.beta.kubernetes.io/storage-class";

    static readonly (string Mode, string Abbreviation)[] AccessModeAbbreviations =
        [("ReadWriteOnce", "RWO"), ("ReadOnlyMany", "ROX"), ("ReadWriteMany", "RWX"), ("ReadWriteOncePod", "RWOP")];

    /// <summary><c>helper.GetAccessModesAsString</c>: "RWO,ROX,RWX,RWOP" in that fixed order, duplicates dropped.</summary>
    public static string AccessModes(IReadOnlyList<string> modes) =>
        string.Join(",", AccessModeAbbreviations.Where(a => modes.Contains(a.Mode)).Select(a => a.Abbreviation));

    /// <summary><c>helper.GetPersistentVolumeClass</c> / <c>GetPersistentVolumeClaimClass</c>.</summary>
    public static string StorageClass(JsonObject obj) =>
        obj.ObjectAt("metadata", "annotations") is { } annotations && annotations.ContainsKey(BetaStorageClassAnnotation)
            ? annotations.TextAt(BetaStorageClassAnnotation)
            : obj.TextAt("spec", "storageClassName");

    /// <summary>The storage quantity of a resource list ("10Gi"); a missing quantity prints as zero, "0".</summary>
    public static string Storage(JsonNode? resourceList) =>
        resourceList.At("storage") switch
        {
            JsonValue v when v.GetValueKind() == System.Text.Json.JsonValueKind.String => v.GetValue<string>(),
            JsonValue v => v.ToJsonString(),
            _ => "0",
        };

    /// <summary>The phase, or "Terminating" once deletion has been requested.</summary>
    public static string Phase(JsonObject obj) =>
        obj.At("metadata", "deletionTimestamp") is not null ? "Terminating" : obj.TextAt("status", "phase");

    /// <summary>An optional (pointer) field: "&lt;unset&gt;" only when absent; an empty string stays empty.</summary>
    public static string OrUnset(string? value) => value ?? "<unset>";
}
