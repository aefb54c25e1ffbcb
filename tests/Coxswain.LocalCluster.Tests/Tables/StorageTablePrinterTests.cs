using Coxswain.LocalCluster.Tables;
using static Coxswain.LocalCluster.Tests.Tables.TableTestSupport;

namespace Coxswain.LocalCluster.Tests.Tables;

public class StorageTablePrinterTests
{
    static readonly ITablePrinter Volumes = TablePrinters.For("", "persistentvolumes");
    static readonly ITablePrinter Claims = TablePrinters.For("", "persistentvolumeclaims");

    [Fact]
    public void Bound_persistent_volume_snapshot()
    {
        var pv = $$$$"""
            {"apiVersion":"v1","kind":"PersistentVolume","metadata":{"name":"pvc-4f1c","creationTimestamp":"{{{{Ago(TimeSpan.FromMinutes(42))}}}}"},
             "spec":{"capacity":{"storage":"10Gi"},"accessModes":["ReadWriteMany","ReadWriteOnce","ReadWriteOnce"],"persistentVolumeReclaimPolicy":"Delete",
                     "storageClassName":"standard","volumeMode":"Filesystem","claimRef":{"kind":"PersistentVolumeClaim","namespace":"default","name":"data-web-0"},
                     "hostPath":{"path":"/var/local-path-provisioner/pvc-4f1c"}},
             "status":{"phase":"Bound"}}
            """;
        Assert.Equal("Name|Capacity|Access Modes|Reclaim Policy|Status|Claim|StorageClass|VolumeAttributesClass|Reason|Age|VolumeMode", ColumnNames(Volumes));
        Assert.Equal("""["pvc-4f1c","10Gi","RWO,RWX","Delete","Bound","default/data-web-0","standard","<unset>","","42m","Filesystem"]""", Cells(Volumes, pv));
    }

    [Fact]
    public void Released_volume_being_deleted_with_beta_class_annotation()
    {
        var pv = """
            {"metadata":{"name":"old","deletionTimestamp":"2024-05-01T11:00:00Z","annotations":{"volume.beta.kubernetes.io/storage-class":"legacy"}},
             "spec":{"storageClassName":"standard","volumeAttributesClassName":"gold","accessModes":["ReadWriteOncePod","ReadOnlyMany"]},
             "status":{"phase":"Failed","reason":"RecyclerFailed"}}
            """;
        Assert.Equal("""["old","0","ROX,RWOP","","Terminating","","legacy","gold","RecyclerFailed","<unknown>","<unset>"]""", Cells(Volumes, pv));
    }

    [Fact]
    public void Bound_claim_snapshot()
    {
        var pvc = $$$$"""
            {"apiVersion":"v1","kind":"PersistentVolumeClaim","metadata":{"name":"data-web-0","namespace":"default","creationTimestamp":"{{{{Ago(TimeSpan.FromMinutes(42))}}}}"},
             "spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"5Gi"}},"storageClassName":"standard","volumeMode":"Filesystem","volumeName":"pvc-4f1c"},
             "status":{"phase":"Bound","accessModes":["ReadWriteOnce"],"capacity":{"storage":"10Gi"}}}
            """;
        Assert.Equal("Name|Status|Volume|Capacity|Access Modes|StorageClass|VolumeAttributesClass|Age|VolumeMode", ColumnNames(Claims));
        Assert.Equal("""["data-web-0","Bound","pvc-4f1c","10Gi","RWO","standard","<unset>","42m","Filesystem"]""", Cells(Claims, pvc));
    }

    [Fact]
    public void Pending_claim_shows_no_capacity_or_access_modes()
    {
        var pvc = """
            {"metadata":{"name":"pending"},"spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"5Gi"}},"volumeAttributesClassName":""},
             "status":{"phase":"Pending"}}
            """;
        Assert.Equal("""["pending","Pending","","","","","","<unknown>","<unset>"]""", Cells(Claims, pvc));
    }
}
