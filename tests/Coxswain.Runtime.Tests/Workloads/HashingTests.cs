using System.Text;
using System.Text.Json.Nodes;
using Coxswain.Runtime.Workloads;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Workloads;

public sealed class HashingTests
{
    [Fact]
    public void Fnv_matches_the_published_test_vectors()
    {
        Assert.Equal(0x811c9dc5u, Fnv.Fnv1a([]));
        Assert.Equal(0xe40c292cu, Fnv.Fnv1a("a"u8));
        Assert.Equal(0x050c5d7eu, Fnv.Fnv1("a"u8));
        Assert.Equal(0xbf9cf968u, Fnv.Fnv1a("foobar"u8));
    }

    [Fact]
    public void Safe_encoding_maps_digits_like_apimachinery() =>
        Assert.Equal("456789bcdf", SafeEncoding.Encode("0123456789"));

    [Fact]
    public void Go_json_sorts_keys_and_escapes_html_characters()
    {
        var node = JsonNode.Parse("""{"b":1,"a":{"z":"<&>","y":[true,null,1.5]}}""");
        Assert.Equal("""{"a":{"y":[true,null,1.5],"z":"\u003c\u0026\u003e"},"b":1}""", Encoding.UTF8.GetString(GoJson.Serialize(node)));
    }

    [Fact]
    public void Pod_template_hash_is_stable_and_changes_with_the_template_and_the_collision_count()
    {
        static V1PodTemplateSpec Template(string image) => new()
        {
            Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "web" } },
            Spec = new V1PodSpec { Containers = [new V1Container { Name = "nginx", Image = image }] },
        };

        var hash = PodTemplateHash.Compute(Template("nginx"), null);
        Assert.Equal(hash, PodTemplateHash.Compute(Template("nginx"), null));
        Assert.NotEqual(hash, PodTemplateHash.Compute(Template("nginx:2"), null));
        Assert.NotEqual(hash, PodTemplateHash.Compute(Template("nginx"), 1));
        Assert.Matches("^[bcdfghjklmnpqrstvwxz2456789]{1,10}$", hash);
    }
}
