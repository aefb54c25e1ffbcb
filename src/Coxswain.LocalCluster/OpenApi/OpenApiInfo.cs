namespace Coxswain.LocalCluster.OpenApi;

/// <summary>The <c>info</c> block of every document: kube-apiserver publishes title "Kubernetes" and its gitVersion.</summary>
public sealed record OpenApiInfo(string Title, string Version)
{
    public static readonly OpenApiInfo Default = new("Kubernetes", "unversioned");
}
