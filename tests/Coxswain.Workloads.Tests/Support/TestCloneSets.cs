using Coxswain.Apis.Apps.V1Alpha1;
using k8s.Models;

namespace Coxswain.Workloads.Tests.Support;

/// <summary>CloneSet builders for tests.</summary>
internal static class TestCloneSets
{
    public static CloneSet New(string name, int replicas = 3, string image = "nginx:1.25", string? ns = null) => new()
    {
        Metadata = new V1ObjectMeta { Name = name, NamespaceProperty = ns },
        Spec = new CloneSetSpec
        {
            Replicas = replicas,
            Selector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["app"] = name } },
            Template = new V1PodTemplateSpec
            {
                Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = name } },
                Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = image }] },
            },
        },
    };

    /// <summary>A CloneSet as the mutating webhook leaves it.</summary>
    public static CloneSet Defaulted(string name, int replicas = 3, string image = "nginx:1.25")
    {
        var cloneSet = New(name, replicas, image);
        CloneSetDefaults.Apply(cloneSet, injectTemplateDefaults: true);
        return cloneSet;
    }
}

internal static class CloneSetExtensions
{
    public static CloneSet InNamespace(this CloneSet cloneSet, string ns)
    {
        cloneSet.Metadata.NamespaceProperty = ns;
        return cloneSet;
    }
}
