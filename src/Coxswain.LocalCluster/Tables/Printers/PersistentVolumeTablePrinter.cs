using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>
/// kubectl's persistentvolume columns: NAME CAPACITY ACCESS MODES RECLAIM POLICY STATUS CLAIM STORAGECLASS
/// VOLUMEATTRIBUTESCLASS REASON AGE, wide VOLUMEMODE.
/// </summary>
internal sealed class PersistentVolumeTablePrinter : ITablePrinter
{
    public static readonly PersistentVolumeTablePrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        CommonColumns.Name,
        new("Capacity", "string", "capacity is the description of the persistent volume's resources and capacity. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#capacity"),
        new("Access Modes", "string", "accessModes contains all ways the volume can be mounted. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes"),
        new("Reclaim Policy", "string", "persistentVolumeReclaimPolicy defines what happens to a persistent volume when released from its claim. Valid options are Retain (default for manually created PersistentVolumes), Delete (default for dynamically provisioned PersistentVolumes), and Recycle (deprecated). Recycle must be supported by the volume plugin underlying this PersistentVolume. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#reclaiming"),
        new("Status", "string", "phase indicates if a volume is available, bound to a claim, or released by a claim. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#phase"),
        new("Claim", "string", "claimRef is part of a bi-directional binding between PersistentVolume and PersistentVolumeClaim. Expected to be non-nil when bound. claim.VolumeName is the authoritative bind between PV and PVC. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#binding"),
        new("StorageClass", "string", "StorageClass of the pv"),
        new("VolumeAttributesClass", "string", "VolumeAttributesClass of the pv"),
        new("Reason", "string", "reason is a brief CamelCase string that describes any failure and is meant for machine parsing and tidy display in the CLI."),
        CommonColumns.Age,
        new("VolumeMode", "string", "volumeMode defines if a volume is intended to be used with a formatted filesystem or to remain in raw block state. Value of Filesystem is implied when not included in spec.", Priority: 1),
    ];

    public PrintedRow PrintRow(JsonObject obj, DateTimeOffset now)
    {
        var spec = obj.ObjectAt("spec");
        var claimRef = spec.ObjectAt("claimRef");
        return new PrintedRow(
            CommonColumns.NameOf(obj),
            StorageFormatting.Storage(spec.At("capacity")),
            StorageFormatting.AccessModes(spec.StringsAt("accessModes")),
            spec.TextAt("persistentVolumeReclaimPolicy"),
            StorageFormatting.Phase(obj),
            claimRef is null ? "" : $"{claimRef.TextAt("namespace")}/{claimRef.TextAt("name")}",
            StorageFormatting.StorageClass(obj),
            StorageFormatting.OrUnset(spec.StringAt("volumeAttributesClassName")),
            obj.TextAt("status", "reason"),
            CommonColumns.AgeOf(obj, now),
            StorageFormatting.OrUnset(spec.StringAt("volumeMode")));
    }
}
