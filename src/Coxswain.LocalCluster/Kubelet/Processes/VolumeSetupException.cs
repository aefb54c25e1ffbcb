namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>
/// A volume cannot be set up (its Secret or ConfigMap is missing): the kubelet records <c>FailedMount</c> with
/// "MountVolume.SetUp failed for volume ..." and the container stays in <c>ContainerCreating</c>.
/// </summary>
public sealed class VolumeSetupException(string volume, string reason)
    : Exception($"MountVolume.SetUp failed for volume \"{volume}\" : {reason}");
