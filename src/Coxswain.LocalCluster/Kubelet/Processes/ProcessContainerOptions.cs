namespace Coxswain.LocalCluster.Kubelet.Processes;

/// <summary>
/// Process-backed containers: containers whose image is Coxswain's own run as real child processes of the local cluster
/// (see README "Process-backed pods").
/// </summary>
public sealed class ProcessContainerOptions
{
    /// <summary>The image repository (any tag or digest) whose containers run as processes.</summary>
    public string ImageRepository { get; set; } = "coxswain.local/coxswain";

    /// <summary>What runs for such a container, before its arguments; by default the program this process runs (the CLI).</summary>
    public ProcessCommand? Command { get; set; }

    /// <summary>Pod IPs of process-backed pods are 127.{first octet}.x.y: Linux routes all of 127/8 to the loopback device.</summary>
    public byte LoopbackSecondOctet { get; set; } = 10;

    /// <summary>When the cluster stops, children get SIGTERM and this long to exit before they are killed.</summary>
    public TimeSpan ShutdownGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    public bool IsProcessImage(string image) =>
        string.Equals(ImageReference.Parse(image).Repository, ImageRepository, StringComparison.Ordinal);
}
