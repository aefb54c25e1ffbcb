namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>
/// The runtime could not start the container's process: the instance is created but ends at once, terminated with exit
/// code 128 and reason <c>StartError</c>, this message in its status, a <c>Failed</c> event and its log.
/// </summary>
public sealed class ContainerStartException(string message) : Exception(message);
