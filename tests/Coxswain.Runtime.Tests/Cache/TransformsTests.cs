using Coxswain.Runtime.Cache;
using Coxswain.Runtime.Tests.Support;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Cache;

public class TransformsTests
{
    [Fact]
    public void Deduplicated_objects_share_their_repeated_strings_but_keep_their_values()
    {
        var pool = new StringPool();
        var first = Transforms.DeduplicateStrings(Decode(Labelled("a")), pool);
        var second = Transforms.DeduplicateStrings(Decode(Labelled("b")), pool);

        Assert.Same(first.Metadata.NamespaceProperty, second.Metadata.NamespaceProperty);
        Assert.Same(first.Spec.Containers[0].Image, second.Spec.Containers[0].Image);
        var label = first.Metadata.Labels.Keys.First();
        Assert.Same(first.Metadata.Labels.Keys.First(), second.Metadata.Labels.Keys.First(k => k == label));
        Assert.Equal(("a", "b"), (first.Metadata.Name, second.Metadata.Name));
        Assert.Equal(KubernetesJson.Serialize(Decode(Labelled("a"))), KubernetesJson.Serialize(first));
    }

    [Fact]
    public void Quantity_maps_and_lists_of_models_are_walked()
    {
        var pool = new StringPool();
        V1Pod Pod() => new()
        {
            Metadata = new V1ObjectMeta { Name = "p" },
            Spec = new V1PodSpec
            {
                Containers =
                [
                    new V1Container
                    {
                        Name = new string("app".ToCharArray()),
                        Args = [new string("--serve".ToCharArray())],
                        Resources = new V1ResourceRequirements { Limits = new Dictionary<string, ResourceQuantity> { [new string("cpu".ToCharArray())] = new("1") } },
                    },
                ],
            },
        };

        var (first, second) = (Transforms.DeduplicateStrings(Pod(), pool), Transforms.DeduplicateStrings(Pod(), pool));

        Assert.Same(first.Spec.Containers[0].Name, second.Spec.Containers[0].Name);
        Assert.Same(first.Spec.Containers[0].Args[0], second.Spec.Containers[0].Args[0]);
        Assert.Same(first.Spec.Containers[0].Resources.Limits.Keys.Single(), second.Spec.Containers[0].Resources.Limits.Keys.Single());
        Assert.Equal("1", second.Spec.Containers[0].Resources.Limits["cpu"].ToString());
    }

    [Fact]
    public void A_full_pool_starts_afresh_instead_of_growing()
    {
        var pool = new StringPool(capacity: 2);
        var a = pool.Intern(new string("a".ToCharArray()));
        pool.Intern("b");
        pool.Intern("c");

        Assert.NotSame(a, pool.Intern(new string("a".ToCharArray())));
    }

    private static V1Pod Labelled(string name)
    {
        var pod = Objects.Pod(name);
        pod.Metadata.Labels = new Dictionary<string, string> { ["app"] = "web", ["tier"] = "backend" };
        pod.Spec = new V1PodSpec { Containers = [new V1Container { Name = "web", Image = "nginx:1.27" }] };
        return pod;
    }

    // Fresh from the wire, as a store receives objects: every string its own instance.
    private static V1Pod Decode(V1Pod pod) => KubernetesJson.Deserialize<V1Pod>(KubernetesJson.Serialize(pod));
}
