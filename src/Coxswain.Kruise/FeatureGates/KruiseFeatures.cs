namespace Coxswain.Kruise.FeatureGates;

/// <summary>
/// OpenKruise v1.8's feature gates with their defaults, and the gates that other gates force off or on
/// (pkg/features in upstream). Users' <c>--feature-gates</c> values keep working unchanged: every upstream name is
/// accepted, including gates for features Coxswain does not implement yet (they only switch those features).
/// </summary>
public static class KruiseFeatures
{
    public const string PodWebhook = "PodWebhook";
    public const string KruiseDaemon = "KruiseDaemon";
    public const string CloneSetShortHash = "CloneSetShortHash";
    public const string KruisePodReadinessGate = "KruisePodReadinessGate";
    public const string CloneSetPartitionRollback = "CloneSetPartitionRollback";
    public const string PreparingUpdateAsUpdate = "PreparingUpdateAsUpdate";
    public const string TemplateNoDefaults = "TemplateNoDefaults";
    public const string InPlaceUpdateEnvFromMetadata = "InPlaceUpdateEnvFromMetadata";
    public const string ResourcesDeletionProtection = "ResourcesDeletionProtection";
    public const string RecreatePodWhenChangeVCTInCloneSetGate = "RecreatePodWhenChangeVCTInCloneSetGate";
    public const string InPlaceWorkloadVerticalScaling = "InPlaceWorkloadVerticalScaling";
    public const string ForceDeleteTimeoutExpectationFeatureGate = "ForceDeleteTimeoutExpectationFeatureGate";

    public static IReadOnlyList<FeatureGate> All { get; } =
    [
        new(PodWebhook, true, FeatureStage.Beta),
        new(KruiseDaemon, true, FeatureStage.Beta),
        new("DaemonWatchingPod", true, FeatureStage.Beta),
        new("WorkloadSpread", true, FeatureStage.Beta),
        new("PodUnavailableBudgetDeleteGate", true, FeatureStage.Beta),
        new(InPlaceUpdateEnvFromMetadata, true, FeatureStage.Beta),
        new("StatefulSetAutoDeletePVC", true, FeatureStage.Beta),
        new("PodProbeMarkerGate", true, FeatureStage.Beta),
        new("PodIndexLabel", true, FeatureStage.Beta),
        new(CloneSetShortHash, false, FeatureStage.Alpha),
        new(KruisePodReadinessGate, false, FeatureStage.Alpha),
        new("PreDownloadImageForInPlaceUpdate", false, FeatureStage.Alpha),
        new(CloneSetPartitionRollback, false, FeatureStage.Alpha),
        new(ResourcesDeletionProtection, false, FeatureStage.Beta),
        new("PodUnavailableBudgetUpdateGate", false, FeatureStage.Alpha),
        new(TemplateNoDefaults, false, FeatureStage.Alpha),
        new("SidecarSetPatchPodMetadataDefaultsAllowed", false, FeatureStage.Alpha),
        new("SidecarTerminator", false, FeatureStage.Alpha),
        new("PreDownloadImageForDaemonSetUpdate", false, FeatureStage.Alpha),
        new("CloneSetEventHandlerOptimization", false, FeatureStage.Alpha),
        new(PreparingUpdateAsUpdate, false, FeatureStage.Alpha),
        new("ImagePullJobGate", false, FeatureStage.Alpha),
        new("ResourceDistributionGate", false, FeatureStage.Alpha),
        new("DeletionProtectionForCRDCascadingGate", false, FeatureStage.Alpha),
        new("EnhancedLivenessProbeGate", false, FeatureStage.Alpha),
        new(RecreatePodWhenChangeVCTInCloneSetGate, false, FeatureStage.Alpha),
        new("StatefulSetStartOrdinal", false, FeatureStage.Alpha),
        new("EnableExternalCerts", false, FeatureStage.Alpha),
        new("StatefulSetAutoResizePVCGate", false, FeatureStage.Alpha),
        new(ForceDeleteTimeoutExpectationFeatureGate, false, FeatureStage.Alpha),
        new(InPlaceWorkloadVerticalScaling, false, FeatureStage.Alpha),
        new("EnablePodProbeMarkerOnServerless", false, FeatureStage.Alpha),
    ];

    /// <summary>Gates that cannot be on while the key gate is off (upstream's SetDefaultFeatureGates).</summary>
    public static IReadOnlyDictionary<string, string[]> OffWhenDisabled { get; } = new Dictionary<string, string[]>
    {
        [PodWebhook] =
        [
            KruisePodReadinessGate, "PodUnavailableBudgetDeleteGate", "PodUnavailableBudgetUpdateGate", "WorkloadSpread",
            "SidecarSetPatchPodMetadataDefaultsAllowed", "EnhancedLivenessProbeGate", "EnablePodProbeMarkerOnServerless",
        ],
        [KruiseDaemon] =
        [
            "PreDownloadImageForInPlaceUpdate", "DaemonWatchingPod", InPlaceUpdateEnvFromMetadata,
            "PreDownloadImageForDaemonSetUpdate", "PodProbeMarkerGate", "SidecarTerminator", "ImagePullJobGate",
            "EnhancedLivenessProbeGate",
        ],
        [ResourcesDeletionProtection] = ["DeletionProtectionForCRDCascadingGate"],
    };

    /// <summary>Gates that switch another on (pre-downloading images needs image pull jobs).</summary>
    public static IReadOnlyDictionary<string, string[]> OnWhenEnabled { get; } = new Dictionary<string, string[]>
    {
        ["PreDownloadImageForInPlaceUpdate"] = ["ImagePullJobGate"],
        ["PreDownloadImageForDaemonSetUpdate"] = ["ImagePullJobGate"],
    };
}
