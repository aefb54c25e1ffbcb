using Coxswain.Runtime.Relations;
using Coxswain.Runtime.Tests.Support;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Relations;

public class OwnerReferencesTests
{
    [Fact]
    public void A_controller_reference_blocks_owner_deletion_and_names_the_owner_kind()
    {
        var owner = Objects.Deployment("web");
        var child = Objects.Pod("web-1");

        OwnerReferences.SetControllerReference(owner, child);

        var reference = Assert.Single(child.Metadata.OwnerReferences);
        Assert.Equal(("apps/v1", "Deployment", "web", "uid-web", true, true),
            (reference.ApiVersion, reference.Kind, reference.Name, reference.Uid, reference.Controller, reference.BlockOwnerDeletion));
        Assert.True(OwnerReferences.IsControlledBy(child, owner));
    }

    [Fact]
    public void The_kind_comes_from_the_model_when_the_owner_was_read_from_a_list()
    {
        var owner = Objects.ConfigMap("settings");
        (owner.Kind, owner.ApiVersion) = (null, null);
        var child = Objects.Pod("web-1");

        OwnerReferences.SetControllerReference(owner, child);

        Assert.Equal(("v1", "ConfigMap"), (child.Metadata.OwnerReferences[0].ApiVersion, child.Metadata.OwnerReferences[0].Kind));
    }

    [Fact]
    public void Setting_the_same_controller_again_replaces_its_reference_and_keeps_the_others()
    {
        var owner = Objects.Deployment("web");
        var child = Objects.Pod("web-1", owners: Objects.Owner("v1", "ConfigMap", "settings", controller: false));
        OwnerReferences.SetControllerReference(owner, child);
        owner.ApiVersion = "apps/v1beta2";

        OwnerReferences.SetControllerReference(owner, child);

        Assert.Equal(["ConfigMap", "Deployment"], child.Metadata.OwnerReferences.Select(r => r.Kind));
        Assert.Equal("apps/v1beta2", child.Metadata.OwnerReferences[1].ApiVersion);
    }

    [Fact]
    public void Another_controller_is_refused_with_controller_runtimes_message()
    {
        var child = Objects.Pod("web-1", owners: Objects.Owner("apps/v1", "ReplicaSet", "web-abc"));

        var error = Assert.Throws<AlreadyOwnedException>(() => OwnerReferences.SetControllerReference(Objects.Deployment("web"), child));

        Assert.Equal("Object default/web-1 is already owned by another ReplicaSet controller web-abc", error.Message);
        Assert.Equal("web-abc", error.Owner.Name);
    }

    [Fact]
    public void A_plain_owner_reference_leaves_the_child_free_to_be_controlled()
    {
        var child = Objects.Pod("web-1");

        OwnerReferences.SetOwnerReference(Objects.ConfigMap("settings"), child);
        OwnerReferences.SetControllerReference(Objects.Deployment("web"), child);

        Assert.Equal([null, true], child.Metadata.OwnerReferences.Select(r => r.Controller));
        Assert.Equal("web", OwnerReferences.GetControllerOf(child)!.Name);
    }

    [Theory]
    [InlineData("other", "cross-namespace owner references are disallowed, owner's namespace default, obj's namespace other")]
    [InlineData(null, "cluster-scoped resource must not have a namespace-scoped owner, owner's namespace default")]
    public void References_the_api_forbids_are_refused_with_controller_runtimes_messages(string? childNamespace, string message)
    {
        var child = new V1Namespace { Metadata = new V1ObjectMeta { Name = "x", NamespaceProperty = childNamespace } };

        var error = Assert.Throws<ArgumentException>(() => OwnerReferences.SetControllerReference(Objects.Deployment("web"), child));

        Assert.StartsWith(message, error.Message);
    }

    [Fact]
    public void An_owner_that_was_never_stored_cannot_own()
    {
        var owner = Objects.Deployment("web");
        owner.Metadata.Uid = null;

        Assert.Throws<ArgumentException>(() => OwnerReferences.SetControllerReference(owner, Objects.Pod("web-1")));
    }
}
