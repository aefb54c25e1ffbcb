using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using static Coxswain.LocalCluster.Tests.Validation.ValidationAssert;

namespace Coxswain.LocalCluster.Tests.Validation;

/// <summary>Leases, EndpointSlices, Endpoints, ControllerRevisions, Nodes and storage kinds.</summary>
public class OtherKindTests
{
    static JsonObject Namespaced(string kind, string body) =>
        ParseJson("""{"kind":"KIND","metadata":{"name":"x","namespace":"default"}BODY}""".Replace("KIND", kind).Replace("BODY", body));

    static JsonObject ClusterScoped(string kind, string body) =>
        ParseJson("""{"kind":"KIND","metadata":{"name":"x"}BODY}""".Replace("KIND", kind).Replace("BODY", body));

    [Theory]
    [InlineData(""","spec":{"leaseDurationSeconds":0}""", "spec.leaseDurationSeconds: Invalid value: 0: must be greater than 0")]
    [InlineData(""","spec":{"leaseTransitions":-1}""", "spec.leaseTransitions: Invalid value: -1: must be greater than or equal to 0")]
    [InlineData(""","spec":{"preferredHolder":"a"}""", "spec.preferredHolder: Forbidden: may only be specified if `strategy` is defined")]
    [InlineData(""","spec":{"strategy":"Newest"}""", "spec.strategy.strategy: Unsupported value: \"Newest\": supported values: \"OldestEmulationVersion\"")]
    public void LeaseRules(string body, string expected) => CreateFailsWith(BuiltInResources.Leases, Namespaced("Lease", body), expected);

    [Fact]
    public void LeasesUseGenericFinalizerRules()
    {
        var lease = Namespaced("Lease", "");
        lease["metadata"]!["finalizers"] = new JsonArray("custom");
        CreateSucceeds(BuiltInResources.Leases, lease);
    }

    [Theory]
    [InlineData("", "addressType: Required value")]
    [InlineData(""","addressType":"IP" """, "addressType: Unsupported value: \"IP\": supported values: \"FQDN\", \"IPv4\", \"IPv6\"")]
    [InlineData(""","addressType":"IPv4","endpoints":[{"addresses":[]}]""", "endpoints[0].addresses: Required value: must contain at least 1 address")]
    [InlineData(""","addressType":"IPv4","endpoints":[{"addresses":["2001:db8::1"]}]""", "endpoints[0].addresses[0]: Invalid value: \"2001:db8::1\": must be a valid IPv4 address")]
    [InlineData(""","addressType":"IPv4","ports":[{"port":80},{"port":81}]""", "ports[1].name: Duplicate value: \"\"")]
    public void EndpointSliceRules(string body, string expected) => CreateFailsWith(BuiltInResources.EndpointSlices, Namespaced("EndpointSlice", body), expected);

    [Fact]
    public void EndpointSlicePortsDefaultToUnnamedTcp()
    {
        var slice = Namespaced("EndpointSlice", ""","addressType":"IPv4","endpoints":[{"addresses":["10.0.0.5"]}],"ports":[{"port":80}]""");
        Assert.Empty(Create(BuiltInResources.EndpointSlices, slice));
        Assert.True(JsonNode.DeepEquals(ParseJson("""{"port":80,"name":"","protocol":"TCP"}"""), slice["ports"]![0]));
    }

    [Fact]
    public void EndpointSliceAddressTypeIsImmutable()
    {
        var old = Stored(BuiltInResources.EndpointSlices, Namespaced("EndpointSlice", ""","addressType":"IPv4" """));
        var updated = Edited(old, s => s["addressType"] = "IPv6");
        Assert.Equal(["addressType: Invalid value: \"IPv6\": field is immutable"], Update(BuiltInResources.EndpointSlices, updated, old));
    }

    [Theory]
    [InlineData(""","subsets":[{}]""", "subsets[0]: Required value: must specify `addresses` or `notReadyAddresses`")]
    [InlineData(""","subsets":[{"addresses":[{"ip":"not-an-ip"}]}]""", "subsets[0].addresses[0].ip: Invalid value: \"not-an-ip\": must be a valid IP address, (e.g. 10.9.8.7 or 2001:db8::ffff)")]
    public void EndpointsRules(string body, string expected) => CreateFailsWith(BuiltInResources.Endpoints, Namespaced("Endpoints", body), expected);

    [Theory]
    [InlineData(""","revision":1""", "data: Required value: data is mandatory")]
    [InlineData(""","data":{},"revision":-1""", "revision: Invalid value: -1: must be greater than or equal to 0")]
    public void ControllerRevisionRules(string body, string expected) =>
        CreateFailsWith(BuiltInResources.ControllerRevisions, Namespaced("ControllerRevision", body), expected);

    [Fact]
    public void ControllerRevisionDataIsImmutableButTheRevisionIsNot()
    {
        var old = Stored(BuiltInResources.ControllerRevisions, Namespaced("ControllerRevision", ""","data":{"spec":{"a":1}},"revision":1"""));
        Assert.Empty(Update(BuiltInResources.ControllerRevisions, Edited(old, r => r["revision"] = 2), old));
        Assert.Equal(["data: Invalid value: {\"spec\":{\"a\":2}}: field is immutable"],
            Update(BuiltInResources.ControllerRevisions, Edited(old, r => r["data"]!["spec"]!["a"] = 2), old));
    }

    [Theory]
    [InlineData(""","spec":{"taints":[{"key":"dedicated","value":"x"}]}""", "metadata.taints[0].effect: Required value")]
    [InlineData(""","spec":{"podCIDRs":["10.0.0.0/33"]}""", "spec.podCIDRs[0]: Invalid value: \"10.0.0.0/33\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")]
    public void NodeRules(string body, string expected) => CreateFailsWith(BuiltInResources.Nodes, ClusterScoped("Node", body), expected);

    [Fact]
    public void NodePodCidrsAreSetOnce()
    {
        var old = Stored(BuiltInResources.Nodes, ClusterScoped("Node", ""","spec":{"podCIDRs":["10.244.0.0/24"]}"""));
        var updated = Edited(old, n => n["spec"]!["podCIDRs"] = new JsonArray("10.244.1.0/24"));
        Assert.Equal(["spec.podCIDRs: Forbidden: node updates may not change podCIDR except from \"\" to valid"], Update(BuiltInResources.Nodes, updated, old));
    }

    [Theory]
    [InlineData(""","spec":{"resources":{"requests":{"storage":"1Gi"}}}""", "spec.accessModes: Required value: at least 1 access mode is required")]
    [InlineData(""","spec":{"accessModes":["ReadWriteOnce"]}""", "spec.resources[storage]: Required value")]
    [InlineData(""","spec":{"accessModes":["ReadWriteSometimes"],"resources":{"requests":{"storage":"1Gi"}}}""",
        "spec.accessModes: Unsupported value: \"ReadWriteSometimes\": supported values: \"ReadOnlyMany\", \"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"")]
    [InlineData(""","spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"0"}}}""", "spec.resources[storage]: Invalid value: \"0\": must be greater than zero")]
    public void PersistentVolumeClaimRules(string body, string expected) =>
        CreateFailsWith(BuiltInResources.PersistentVolumeClaims, Namespaced("PersistentVolumeClaim", body), expected);

    [Fact]
    public void ClaimsArePendingFilesystemVolumesWithAnImmutableSpec()
    {
        var old = Stored(BuiltInResources.PersistentVolumeClaims,
            Namespaced("PersistentVolumeClaim", ""","spec":{"accessModes":["ReadWriteOnce"],"resources":{"requests":{"storage":"1Gi"}}}"""));
        Assert.Equal("Filesystem", (string?)old["spec"]!["volumeMode"]);
        Assert.Equal("Pending", (string?)old["status"]!["phase"]);

        Assert.Empty(Update(BuiltInResources.PersistentVolumeClaims, Edited(old, c => c["spec"]!["volumeName"] = "pv-1"), old));
        var error = Assert.Single(Update(BuiltInResources.PersistentVolumeClaims, Edited(old, c => c["spec"]!["storageClassName"] = "fast"), old));
        Assert.StartsWith("spec: Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims\n", error);
    }

    [Theory]
    [InlineData(""","spec":{"accessModes":["ReadWriteOnce"],"capacity":{"storage":"1Gi"}}""", "spec: Required value: must specify a volume type")]
    [InlineData(""","spec":{"accessModes":["ReadWriteOnce"],"capacity":{"storage":"1Gi"},"hostPath":{"path":"/a"},"nfs":{"server":"s","path":"/"}}""",
        "spec.nfs: Forbidden: may not specify more than 1 volume type")]
    [InlineData(""","spec":{"accessModes":["ReadWriteOnce"],"capacity":{"storage":"1Gi"},"local":{"path":"/a"}}""", "spec.nodeAffinity: Required value: Local volume requires node affinity")]
    public void PersistentVolumeRules(string body, string expected) =>
        CreateFailsWith(BuiltInResources.PersistentVolumes, ClusterScoped("PersistentVolume", body), expected);

    [Fact]
    public void PersistentVolumesDefaultToRetain()
    {
        var pv = ClusterScoped("PersistentVolume", ""","spec":{"accessModes":["ReadWriteOnce"],"capacity":{"storage":"1Gi"},"hostPath":{"path":"/a"}}""");
        Assert.Empty(Create(BuiltInResources.PersistentVolumes, pv));
        Assert.Equal("Retain", (string?)pv["spec"]!["persistentVolumeReclaimPolicy"]);
    }
}
