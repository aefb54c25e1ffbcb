using Coxswain.Runtime.Client;
using Coxswain.Runtime.Relations;
using Coxswain.Runtime.Tests.Integration.Support;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Integration.Relations;

/// <summary>Adoption and orphaning with kube-controller-manager's controller-ref rules, patched on the local server.</summary>
public sealed class ControllerRefManagerAgainstServerTests
{
    private const string Ns = "default";
    private static readonly V1LabelSelector WebSelector = new() { MatchLabels = new Dictionary<string, string> { ["app"] = "web" } };

    [Fact]
    public async Task Adopts_matching_orphans_releases_non_matching_children_and_ignores_other_controllers()
    {
        await using var cluster = await TestCluster.StartAsync();
        var configMaps = new ResourceClient<V1ConfigMap>(cluster.Client);
        var parent = await configMaps.CreateAsync(Cluster.ConfigMap("parent", Ns));
        var stranger = await configMaps.CreateAsync(Cluster.ConfigMap("stranger", Ns));
        await configMaps.CreateAsync(Child("orphan-match", "web"));
        await configMaps.CreateAsync(Child("orphan-other", "db"));
        await configMaps.CreateAsync(Child("owned-match", "web", parent));
        await configMaps.CreateAsync(Child("owned-other", "db", parent));
        await configMaps.CreateAsync(Child("strangers", "web", stranger));
        var candidates = (await configMaps.ListAsync(Ns)).Items.Where(c => c.Metadata.Name is not ("parent" or "stranger") && c.Metadata.Name != "kube-root-ca.crt");

        var claimed = await Manager(configMaps, parent).ClaimAsync(candidates);

        Assert.Equal(["orphan-match", "owned-match"], claimed.Select(c => c.Metadata.Name).Order());
        Assert.True(OwnerReferences.IsControlledBy(await configMaps.GetAsync(Ns, "orphan-match"), parent));
        Assert.Empty((await configMaps.GetAsync(Ns, "owned-other")).Metadata.OwnerReferences ?? []);
        Assert.Null((await configMaps.GetAsync(Ns, "orphan-other")).Metadata.OwnerReferences);
        Assert.True(OwnerReferences.IsControlledBy(await configMaps.GetAsync(Ns, "strangers"), stranger));
    }

    [Fact]
    public async Task A_controller_deleted_since_it_was_cached_adopts_nothing()
    {
        await using var cluster = await TestCluster.StartAsync();
        var configMaps = new ResourceClient<V1ConfigMap>(cluster.Client);
        var parentSpec = Cluster.ConfigMap("parent", Ns);
        parentSpec.Metadata.Finalizers = ["test.coxswain.io/hold"];
        var cached = await configMaps.CreateAsync(parentSpec);
        var orphan = await configMaps.CreateAsync(Child("orphan", "web"));
        await configMaps.DeleteAsync(Ns, "parent");

        var error = await Assert.ThrowsAsync<AggregateException>(() => Manager(configMaps, cached).ClaimAsync([orphan]));

        Assert.Matches("^can't adopt ConfigMap default/orphan \\(.+\\): default/parent has just been deleted at ", error.InnerExceptions.Single().Message);
        Assert.Null((await configMaps.GetAsync(Ns, "orphan")).Metadata.OwnerReferences);
    }

    [Fact]
    public async Task A_concurrent_adoption_by_another_controller_fails_instead_of_making_two_controllers()
    {
        await using var cluster = await TestCluster.StartAsync();
        var configMaps = new ResourceClient<V1ConfigMap>(cluster.Client);
        var parent = await configMaps.CreateAsync(Cluster.ConfigMap("parent", Ns));
        var rival = await configMaps.CreateAsync(Cluster.ConfigMap("rival", Ns));
        var orphan = await configMaps.CreateAsync(Child("orphan", "web"));
        await Manager(configMaps, rival).ClaimAsync([orphan]);

        // Our cache still shows the orphan without owners.
        await Assert.ThrowsAsync<AggregateException>(() => Manager(configMaps, parent).ClaimAsync([orphan]));

        var references = (await configMaps.GetAsync(Ns, "orphan")).Metadata.OwnerReferences;
        Assert.Equal("rival", Assert.Single(references).Name);
    }

    private static ControllerRefManager<V1ConfigMap> Manager(ResourceClient<V1ConfigMap> configMaps, V1ConfigMap controller) => new(
        configMaps,
        controller,
        child => LabelSelectors.Matches(WebSelector, child.Metadata.Labels),
        async ct => await configMaps.GetAsync(controller.Metadata.NamespaceProperty, controller.Metadata.Name, ct));

    private static V1ConfigMap Child(string name, string app, V1ConfigMap? controller = null)
    {
        var child = Cluster.ConfigMap(name, Ns, labels: new Dictionary<string, string> { ["app"] = app });
        if (controller is not null)
        {
            OwnerReferences.SetControllerReference(controller, child);
        }

        return child;
    }
}
