namespace Coxswain.LocalCluster.OpenApi;

/// <summary>
/// The merge semantics of the well-known mergeable fields of built-in types, transcribed from the
/// <c>patchStrategy</c>/<c>patchMergeKey</c> struct tags and <c>+listType</c>/<c>+listMapKey</c>/<c>+structType</c>
/// markers of k8s.io/api and k8s.io/apimachinery. This is data: the OpenAPI documents publish it as
/// <c>x-kubernetes-*</c> extensions and strategic-merge-patch reads it to merge lists by key.
/// Fields not listed are atomic (replaced whole), which is also the upstream default.
/// </summary>
public static class KnownFieldPatchMetadata
{
    const string Core = "io.k8s.api.core.v1.";
    const string Meta = "io.k8s.apimachinery.pkg.apis.meta.v1.";

    /// <summary>
    /// ContainerPort.protocol and ServicePort.protocol are <c>+default="TCP"</c>, so items may omit that key.
    /// Declared before <see cref="Table"/>, which uses it: static initializers run in textual order.
    /// </summary>
    static readonly Dictionary<string, System.Text.Json.Nodes.JsonNode> DefaultProtocol = new() { ["protocol"] = "TCP" };

    static readonly Dictionary<(string Definition, string Field), FieldPatchMetadata> Table = new()
    {
        // metadata
        [(Meta + "ObjectMeta", "finalizers")] = MergeSet(),
        [(Meta + "ObjectMeta", "ownerReferences")] = MergeByKey("uid"),

        // pod spec
        [(Core + "PodSpec", "volumes")] = MergeByKey("name", retainKeys: true),
        [(Core + "PodSpec", "initContainers")] = MergeByKey("name"),
        [(Core + "PodSpec", "containers")] = MergeByKey("name"),
        [(Core + "PodSpec", "ephemeralContainers")] = MergeByKey("name"),
        [(Core + "PodSpec", "imagePullSecrets")] = MergeByKey("name"),
        [(Core + "PodSpec", "hostAliases")] = MergeByKey("ip"),
        [(Core + "PodSpec", "topologySpreadConstraints")] = MergeByKey("topologyKey", mapKeys: ["topologyKey", "whenUnsatisfiable"]),
        [(Core + "PodSpec", "resourceClaims")] = MergeByKey("name", retainKeys: true),
        [(Core + "PodSpec", "schedulingGates")] = MergeByKey("name"),

        // containers (Container and EphemeralContainer share these fields)
        [(Core + "Container", "ports")] = ContainerPorts(),
        [(Core + "Container", "env")] = MergeByKey("name"),
        [(Core + "Container", "volumeMounts")] = MergeByKey("mountPath"),
        [(Core + "Container", "volumeDevices")] = MergeByKey("devicePath"),
        [(Core + "EphemeralContainer", "ports")] = ContainerPorts(),
        [(Core + "EphemeralContainer", "env")] = MergeByKey("name"),
        [(Core + "EphemeralContainer", "volumeMounts")] = MergeByKey("mountPath"),
        [(Core + "EphemeralContainer", "volumeDevices")] = MergeByKey("devicePath"),

        // pod status
        [(Core + "PodStatus", "conditions")] = MergeByKey("type"),
        [(Core + "PodStatus", "podIPs")] = MergeByKey("ip"),
        [(Core + "PodStatus", "hostIPs")] = new() { PatchStrategy = "merge", PatchMergeKey = "ip", ListType = "atomic" },
        [(Core + "PodStatus", "resourceClaimStatuses")] = MergeByKey("name", retainKeys: true),

        // nodes
        [(Core + "NodeSpec", "podCIDRs")] = MergeSet(),
        [(Core + "NodeStatus", "conditions")] = MergeByKey("type"),
        [(Core + "NodeStatus", "addresses")] = MergeByKey("type"),

        // services and other core status conditions
        [(Core + "ServiceSpec", "ports")] = MergeByKey("port", mapKeys: ["port", "protocol"]) with { ListMapKeyDefaults = DefaultProtocol },
        [(Core + "ServiceStatus", "conditions")] = MergeByKey("type"),
        [(Core + "NamespaceStatus", "conditions")] = MergeByKey("type"),
        [(Core + "PersistentVolumeClaimStatus", "conditions")] = MergeByKey("type"),
        [(Core + "ServiceAccount", "secrets")] = new() { PatchStrategy = "merge", PatchMergeKey = "name", ListType = "atomic" },

        // apps
        [("io.k8s.api.apps.v1.DeploymentSpec", "strategy")] = new() { PatchStrategy = "retainKeys" },
        [("io.k8s.api.apps.v1.DeploymentStatus", "conditions")] = MergeByKey("type"),
        [("io.k8s.api.apps.v1.ReplicaSetStatus", "conditions")] = MergeByKey("type"),
        [("io.k8s.api.apps.v1.StatefulSetStatus", "conditions")] = MergeByKey("type"),
        [("io.k8s.api.apps.v1.DaemonSetStatus", "conditions")] = MergeByKey("type"),
        [("io.k8s.api.batch.v1.JobStatus", "conditions")] = new() { PatchStrategy = "merge", PatchMergeKey = "type", ListType = "atomic" },

        // admission webhooks
        [("io.k8s.api.admissionregistration.v1.MutatingWebhookConfiguration", "webhooks")] = MergeByKey("name"),
        [("io.k8s.api.admissionregistration.v1.ValidatingWebhookConfiguration", "webhooks")] = MergeByKey("name"),

        // CRDs
        [("io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinitionStatus", "conditions")] =
            new() { ListType = "map", ListMapKeys = ["type"] },

        // structs that server-side apply treats as a single value
        [(Meta + "LabelSelector", "")] = AtomicStruct(),
        [(Core + "ObjectReference", "")] = AtomicStruct(),
        [(Core + "LocalObjectReference", "")] = AtomicStruct(),
    };

    /// <summary>Every entry: the definition, the field ("" for the definition itself) and its semantics.</summary>
    public static IEnumerable<(string Definition, string Field, FieldPatchMetadata Metadata)> All =>
        Table.Select(e => (e.Key.Definition, e.Key.Field, e.Value));

    /// <summary>The merge semantics of <paramref name="field"/> of the definition named <paramref name="definitionName"/>.</summary>
    public static FieldPatchMetadata? ForField(string definitionName, string field) =>
        Table.GetValueOrDefault((definitionName, field));

    /// <summary>Semantics of a whole definition (its <c>x-kubernetes-map-type</c>), e.g. atomic LabelSelector.</summary>
    public static FieldPatchMetadata? ForDefinition(string definitionName) => ForField(definitionName, "");

    static FieldPatchMetadata MergeByKey(string key, bool retainKeys = false, IReadOnlyList<string>? mapKeys = null) => new()
    {
        PatchStrategy = retainKeys ? "merge,retainKeys" : "merge",
        PatchMergeKey = key,
        ListType = "map",
        ListMapKeys = mapKeys ?? [key],
    };

    static FieldPatchMetadata ContainerPorts() =>
        MergeByKey("containerPort", mapKeys: ["containerPort", "protocol"]) with { ListMapKeyDefaults = DefaultProtocol };

    static FieldPatchMetadata MergeSet() => new() { PatchStrategy = "merge", ListType = "set" };

    static FieldPatchMetadata AtomicStruct() => new() { MapType = "atomic" };
}
