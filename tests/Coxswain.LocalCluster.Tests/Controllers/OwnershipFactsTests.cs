using System.Text;
using Coxswain.LocalCluster.Controllers;
using Xunit;

namespace Coxswain.LocalCluster.Tests.Controllers;

public sealed class OwnershipFactsTests
{
    static OwnershipFacts Read(string json) => OwnershipFacts.Read(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void Reads_owner_uids_deletion_and_finalizers_from_metadata()
    {
        var facts = Read("""
            {"apiVersion":"v1","kind":"Pod","metadata":{"name":"p","labels":{"a":"b"},
              "ownerReferences":[{"apiVersion":"apps/v1","kind":"ReplicaSet","name":"rs","uid":"u1","controller":true},{"uid":"u2","name":"x"}],
              "deletionTimestamp":"2026-01-01T00:00:00Z","finalizers":["foregroundDeletion","example.com/keep"]},
             "spec":{"containers":[{"name":"c","image":"nginx"}]},"status":{"phase":"Running"}}
            """);

        Assert.Equal(["u1", "u2"], facts.OwnerUids);
        Assert.True(facts.Deleting);
        Assert.Equal(["foregroundDeletion", "example.com/keep"], facts.Finalizers);
    }

    [Fact]
    public void An_object_without_owners_or_deletion_has_no_facts()
    {
        var facts = Read("""{"kind":"ConfigMap","data":{"metadata":"not this one"},"metadata":{"name":"c","deletionTimestamp":null}}""");

        Assert.Empty(facts.OwnerUids);
        Assert.False(facts.Deleting);
        Assert.Empty(facts.Finalizers);
    }

    [Fact]
    public void Metadata_after_the_spec_is_found_too()
    {
        var facts = Read("""{"spec":{"metadata":{"ownerReferences":[{"uid":"nested"}]}},"metadata":{"ownerReferences":[{"uid":"real"}]}}""");

        Assert.Equal(["real"], facts.OwnerUids);
    }
}
