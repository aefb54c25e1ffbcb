namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>How a process-backed container reaches the local API server: its URL, the CA that signed it, and the token.</summary>
public sealed record ClusterEndpoint(Uri Server, string AuthorityPem, string Token);
