using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>
/// kubectl's persistentvolumeclaim columns: NAME STATUS VOLUME CAPACITY ACCESS MODES STORAGECLASS
/// VOLUMEATTRIBUTESCLASS AGE, wide VOLUMEMODE. Capacity and access modes are shown only once bound.
/// </summary>
internal sealed class PersistentVolumeClaimTablePrinter : ITablePrinter
{
    public static readonly PersistentVolumeClaimTablePrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        CommonColumns.Name,
        new("Status", "string", "phase represents the current phase of PersistentVolumeClaim."),
        new("Volume", "string", "volumeName is the binding reference to the PersistentVolume backing this claim."),
        new("Capacity", "string", "capacity represents the actual resources of the underlying volume."),
        new("Access Modes", "string", "accessModes contains the actual access modes the volume backing the PVC has. More info: https://kubernetes.io/docs/concepts/storage/persistent-volumes#access-modes-1"),
        new("StorageClass", "string", "StorageClass of the pvc"),
        new("VolumeAttributesClass", "string", "VolumeAttributesClass of the pvc"),
        CommonColumns.Age,
        new("VolumeMode", "string", "volumeMode defines what type of volume is required by the claim. Value of Filesystem is implied when not included in claim spec.", Priority: 1),
    ];

    public PrintedRow PrintRow(JsonObject obj, DateTimeOffset now)
    {
        var spec = obj.ObjectAt("spec");
        var volumeName = spec.TextAt("volumeName");
        var bound = volumeName.Length > 0;
        return new PrintedRow(
            CommonColumns.NameOf(obj),
            StorageFormatting.Phase(obj),
            volumeName,
            bound ? StorageFormatting.Storage(obj.At("status", "capacity")) : "",
            bound ? StorageFormatting.AccessModes(obj.StringsAt("status", "accessModes")) : "",
            StorageFormatting.StorageClass(obj),
            StorageFormatting.OrUnset(spec.StringAt("volumeAttributesClassName")),
            CommonColumns.AgeOf(obj, now),
            StorageFormatting.OrUnset(spec.StringAt("volumeMode")));
    }
}
