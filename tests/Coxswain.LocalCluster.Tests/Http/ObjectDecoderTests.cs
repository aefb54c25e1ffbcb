using System.Text;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Http;

namespace Coxswain.LocalCluster.Tests.Http;

public class ObjectDecoderTests
{
    static readonly ResourceDefinition Pods = BuiltInResources.All.Single(r => r.Group == "" && r.Plural == "pods");

    [Fact]
    public void The_raw_body_scan_finds_the_unknown_fields_a_walk_of_the_parsed_tree_finds()
    {
        var body = Encoding.UTF8.GetBytes(
            """{"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","nmae":"x"},"spec":{"containers":[{"name":"c","image":"i","bogus":1}],"extra":true}}""");

        var (obj, duplicates, scanned) = ObjectDecoder.ParseChecked(Pods, body);
        var (_, walked) = ObjectDecoder.Normalize(Pods, ObjectDecoder.Parse(Pods, body));
        var (normalized, passedOn) = ObjectDecoder.Normalize(Pods, obj, scanned);

        Assert.Empty(duplicates);
        Assert.Equal(["unknown field \"metadata.nmae\"", "unknown field \"spec.containers[0].bogus\"", "unknown field \"spec.extra\""], scanned);
        Assert.Equal(walked, scanned);
        Assert.Equal(scanned, passedOn);
        Assert.Null(normalized["spec"]!["extra"]); // dropped by the typed round trip all the same
    }

    [Fact]
    public void Duplicates_are_reported_apart_from_unknown_fields()
    {
        var body = Encoding.UTF8.GetBytes("""{"metadata":{"name":"a","name":"b"},"spec":{"x":1}}""");

        var (_, duplicates, unknown) = ObjectDecoder.ParseChecked(Pods, body);

        Assert.Equal(["duplicate field \"metadata.name\""], duplicates);
        Assert.Equal(["unknown field \"spec.x\""], unknown);
    }
}
