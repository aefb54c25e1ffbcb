namespace Coxswain.LocalCluster.Kubelet;

/// <summary>The images a node has pulled (normalized references); pull policies IfNotPresent and Never consult it.</summary>
public sealed class NodeImageCache
{
    readonly HashSet<string> images = new(StringComparer.Ordinal);

    public bool Contains(ImageReference image) => images.Contains(image.Normalized);

    public void Add(ImageReference image) => images.Add(image.Normalized);
}
