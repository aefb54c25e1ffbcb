using Coxswain.Runtime.Client;
using Coxswain.Runtime.Tests.Integration.Support;
using Coxswain.Runtime.Workloads;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Integration.Workloads;

/// <summary>ControllerRevision creation, collision probing, renumbering and truncation against the local server.</summary>
public sealed class ControllerRevisionHistoryAgainstServerTests
{
    private static V1PodTemplateSpec Template(string image) => new()
    {
        Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string> { ["app"] = "agent" } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "agent", Image = image }] },
    };

    [Fact]
    public async Task Creating_an_equal_revision_again_returns_the_stored_one_and_a_collision_probes_the_next_name()
    {
        await using var cluster = await TestCluster.StartAsync();
        var configMaps = new ResourceClient<V1ConfigMap>(cluster.Client);
        var owner = await configMaps.CreateAsync(new V1ConfigMap { Metadata = new V1ObjectMeta { Name = "agent", NamespaceProperty = "default" } });
        var client = new ResourceClient<V1ControllerRevision>(cluster.Client);
        var history = new ControllerRevisionHistory(client);
        var data = ControllerRevisions.TemplatePatch(Template("busybox:1"));

        var (first, count) = await history.CreateAsync("agent", ControllerRevisions.New(owner, null, data, 1, null), 0, CancellationToken.None);
        Assert.Equal(("agent-" + ControllerRevisions.Hash(data, 0), 0), (first.Metadata.Name, count));
        var (again, _) = await history.CreateAsync("agent", ControllerRevisions.New(owner, null, data, 1, null), 0, CancellationToken.None);
        Assert.Equal(first.Metadata.Uid, again.Metadata.Uid);

        // Another template whose name is already taken (as if its hash collided): the collision count goes up.
        var other = ControllerRevisions.TemplatePatch(Template("busybox:2"));
        var squatter = ControllerRevisions.New(owner, null, data, 9, null);
        squatter.Metadata.Name = "agent-" + ControllerRevisions.Hash(other, 0);
        await client.CreateAsync(squatter);
        var (second, collisions) = await history.CreateAsync("agent", ControllerRevisions.New(owner, null, other, 2, null), 0, CancellationToken.None);
        Assert.Equal(1, collisions);
        Assert.Equal("agent-" + ControllerRevisions.Hash(other, 1), second.Metadata.Name);
        Assert.True(ControllerRevisions.EqualData(second, other));

        var renumbered = await history.UpdateRevisionNumberAsync(first, 3, CancellationToken.None);
        Assert.Equal(3, renumbered.Revision);

        // History beyond the limit goes oldest revision first: revision 2 before the squatter's 9; the live one stays.
        var all = (await client.ListAsync("default")).Items;
        await history.DeleteAsync(ControllerRevisions.ToTruncate(all, new HashSet<string> { renumbered.Metadata.Name }, revisionHistoryLimit: 1), CancellationToken.None);
        Assert.Equal(
            new[] { squatter.Metadata.Name, renumbered.Metadata.Name }.Order(),
            (await client.ListAsync("default")).Items.Select(r => r.Metadata.Name).Order());
    }
}
