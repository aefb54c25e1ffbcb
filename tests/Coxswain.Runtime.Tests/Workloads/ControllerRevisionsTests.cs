using System.Text.Json.Nodes;
using Coxswain.Runtime.Workloads;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Workloads;

public sealed class ControllerRevisionsTests
{
    private static readonly V1DaemonSet Owner = new()
    {
        ApiVersion = "apps/v1",
        Kind = "DaemonSet",
        Metadata = new V1ObjectMeta { Name = "agent", NamespaceProperty = "default", Uid = "uid-agent" },
    };

    private static V1PodTemplateSpec Template(string image) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "agent" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "agent", Image = image }] },
    };

    [Fact]
    public void The_template_patch_replaces_the_whole_template()
    {
        var patch = ControllerRevisions.TemplatePatch(Template("busybox"));
        Assert.Equal(
            """{"spec":{"template":{"$patch":"replace","metadata":{"labels":{"app":"agent"}},"spec":{"containers":[{"image":"busybox","name":"agent"}]}}}}""",
            GoJson.SerializeToString(patch));
    }

    [Fact]
    public void A_new_revision_is_owned_labelled_and_named_after_its_hash()
    {
        var data = ControllerRevisions.TemplatePatch(Template("busybox"));
        var revision = ControllerRevisions.New(Owner, Template("busybox").Metadata.Labels, data, 3, null);

        var hash = ControllerRevisions.Hash(data, null);
        Assert.Equal("agent-" + hash, revision.Metadata.Name);
        Assert.Equal(hash, revision.Metadata.Labels[ControllerRevisions.HashLabel]);
        Assert.Equal("agent", revision.Metadata.Labels["app"]);
        Assert.Equal(3, revision.Revision);
        Assert.True(revision.Metadata.OwnerReferences.Single().Controller);
        Assert.True(ControllerRevisions.EqualData(revision, JsonNode.Parse(data.ToJsonString())!));
        Assert.False(ControllerRevisions.EqualData(revision, ControllerRevisions.TemplatePatch(Template("busybox:2"))));
        Assert.NotEqual(hash, ControllerRevisions.Hash(data, 1));
    }

    [Fact]
    public void Names_are_cut_so_they_stay_valid() =>
        Assert.Equal(new string('a', 223) + "-h", ControllerRevisions.Name(new string('a', 300), "h"));

    [Fact]
    public void Truncation_deletes_the_oldest_revisions_no_pod_runs()
    {
        var revisions = Enumerable.Range(1, 6)
            .Select(i => new V1ControllerRevision { Metadata = new V1ObjectMeta { Name = $"r{i}" }, Revision = i })
            .ToList();

        var doomed = ControllerRevisions.ToTruncate(revisions, new HashSet<string> { "r1", "r6" }, revisionHistoryLimit: 2);

        Assert.Equal(["r2", "r3"], doomed.Select(r => r.Metadata.Name));
        Assert.Equal(7, ControllerRevisions.NextRevision(revisions));
        Assert.Equal(1, ControllerRevisions.NextRevision([]));
    }
}
