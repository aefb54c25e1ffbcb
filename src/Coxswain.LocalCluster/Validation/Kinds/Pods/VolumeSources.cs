namespace Coxswain.LocalCluster.Validation.Kinds.Pods;

/// <summary>The volume source fields of core/v1 VolumeSource, in the order upstream validation checks them.</summary>
public static class VolumeSources
{
    /// <summary>
    /// Field name and the path upstream uses in "may not specify more than 1 volume type" errors; two of those paths
    /// carry historical typos ("cephFS", "downwarAPI") that clients may match on.
    /// </summary>
    public static readonly IReadOnlyList<(string Field, string ErrorPath)> Ordered =
    [
        ("emptyDir", "emptyDir"), ("hostPath", "hostPath"), ("gitRepo", "gitRepo"), ("gcePersistentDisk", "gcePersistentDisk"),
        ("awsElasticBlockStore", "awsElasticBlockStore"), ("secret", "secret"), ("nfs", "nfs"), ("iscsi", "iscsi"),
        ("glusterfs", "glusterfs"), ("flocker", "flocker"), ("persistentVolumeClaim", "persistentVolumeClaim"), ("rbd", "rbd"),
        ("cinder", "cinder"), ("cephfs", "cephFS"), ("quobyte", "quobyte"), ("downwardAPI", "downwarAPI"), ("fc", "fc"),
        ("flexVolume", "flexVolume"), ("configMap", "configMap"), ("azureFile", "azureFile"), ("vsphereVolume", "vsphereVolume"),
        ("photonPersistentDisk", "photonPersistentDisk"), ("portworxVolume", "portworxVolume"), ("azureDisk", "azureDisk"),
        ("storageos", "storageos"), ("projected", "projected"), ("scaleIO", "scaleIO"), ("csi", "csi"), ("ephemeral", "ephemeral"),
        ("image", "image"),
    ];

    public static readonly IReadOnlyList<string> All = Ordered.Select(s => s.Field).ToList();
}
