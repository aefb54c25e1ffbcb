namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>
/// A container's configuration cannot be generated (a missing Secret or ConfigMap, a key not in it, a bad field path): the
/// kubelet leaves the container waiting with reason <c>CreateContainerConfigError</c> and this message.
/// </summary>
public sealed class ContainerConfigException(string message) : Exception(message);
