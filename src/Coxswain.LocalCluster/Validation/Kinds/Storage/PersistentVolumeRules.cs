using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Validation.Kinds.Storage;

/// <summary>Rules PersistentVolumes and claims share: access modes and volume modes.</summary>
internal static class PersistentVolumeRules
{
    public static readonly string[] AccessModes = ["ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod"];
    public static readonly string[] VolumeModes = ["Block", "Filesystem"];

    public static IEnumerable<FieldError> ValidateAccessModes(JsonArray? modes, FieldPath path, string? requiredDetail)
    {
        if (modes is not { Count: > 0 }) yield return FieldError.Required(path, requiredDetail);
        bool readWriteOncePod = false, other = false;
        foreach (var (_, mode) in modes.Strings())
        {
            if (!AccessModes.Contains(mode)) yield return FieldError.NotSupported(path, mode, AccessModes);
            else if (mode == "ReadWriteOncePod") readWriteOncePod = true;
            else other = true;
        }
        if (readWriteOncePod && other) yield return FieldError.Forbidden(path, "may not use ReadWriteOncePod with other access modes");
    }

    public static IEnumerable<FieldError> ValidateVolumeMode(JsonObject? spec, FieldPath path)
    {
        if (spec.Str("volumeMode") is { } mode && !VolumeModes.Contains(mode)) yield return FieldError.NotSupported(path, mode, VolumeModes);
    }

    public static IEnumerable<FieldError> ValidateStorageClassName(JsonObject? spec, FieldPath path)
    {
        if (spec.Str("storageClassName") is { Length: > 0 } className)
            foreach (var m in NameValidators.DnsSubdomain(className, false)) yield return FieldError.Invalid(path, className, m);
    }
}
