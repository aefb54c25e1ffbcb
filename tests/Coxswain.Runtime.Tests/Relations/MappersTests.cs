using Coxswain.Runtime.Client;
using Coxswain.Runtime.Controllers;
using Coxswain.Runtime.Relations;
using Coxswain.Runtime.Tests.Support;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Relations;

public class MappersTests
{
    private static readonly ApiResource ReplicaSet = ApiResource.For<V1ReplicaSet>();

    [Fact]
    public void Self_maps_an_object_to_its_own_request()
    {
        var request = Assert.Single(Mappers.Self(Objects.ConfigMap("settings", "team-a")));

        Assert.Equal(new ReconcileRequest("team-a", "settings"), request);
        Assert.Equal("object updated", request.Reason);
    }

    [Fact]
    public void Owners_maps_a_child_to_its_controlling_owner_of_the_kind_in_the_child_namespace()
    {
        var pod = Objects.Pod("web-1", "team-a", owners:
        [
            Objects.Owner("apps/v1", "ReplicaSet", "web-5d4f"),
            Objects.Owner("apps/v1", "ReplicaSet", "not-the-controller", controller: false),
            Objects.Owner("v1", "ReplicationController", "other-kind"),
            Objects.Owner("example.com/v1", "ReplicaSet", "other-group"),
        ]);

        var request = Assert.Single(Mappers.Owners(ReplicaSet)(pod));

        Assert.Equal(new ReconcileRequest("team-a", "web-5d4f"), request);
        Assert.Equal("related object updated: Pod.v1./web-1.team-a", request.Reason);
    }

    [Fact]
    public void Owners_matches_any_version_of_the_owner_group()
    {
        var pod = Objects.Pod("web-1", owners: [Objects.Owner("apps/v1beta2", "ReplicaSet", "old-style")]);

        Assert.Equal("old-style", Assert.Single(Mappers.Owners(ReplicaSet)(pod)).Name);
    }

    [Fact]
    public void Owners_can_include_non_controller_references_and_cluster_scoped_owners()
    {
        var pod = Objects.Pod("web-1", owners:
        [
            Objects.Owner("v1", "Node", "node-a", controller: false),
            Objects.Owner("v1", "Node", "node-b"),
        ]);

        var requests = Mappers.Owners(ApiResource.For<V1Node>(), onlyController: false, ownerIsNamespaced: false)(pod).ToList();

        Assert.Equal([new ReconcileRequest(null, "node-a"), new ReconcileRequest(null, "node-b")], requests);
        Assert.All(requests, r => Assert.Null(r.Namespace));
    }

    [Fact]
    public void Owners_of_an_unowned_object_is_empty()
    {
        Assert.Empty(Mappers.Owners(ReplicaSet)(Objects.Pod("lonely")));
    }

    [Fact]
    public void Related_fills_in_the_reason_for_requests_that_have_none()
    {
        var map = Mappers.Related<V1ConfigMap>(cm =>
        [
            new ReconcileRequest(cm.Metadata.NamespaceProperty, "consumer"),
            new ReconcileRequest(cm.Metadata.NamespaceProperty, "explicit", "custom reason"),
        ]);

        var requests = map(Objects.ConfigMap("settings")).ToList();

        Assert.Equal("related object updated: ConfigMap.v1./settings.default", requests[0].Reason);
        Assert.Equal("custom reason", requests[1].Reason);
    }
}
