using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Protobuf;

namespace Coxswain.LocalCluster.Tests.Protobuf;

public class ProtobufSchemaTests
{
    static readonly ProtobufSchema Schema = ProtobufSchema.Kubernetes;

    [Fact]
    public void Every_built_in_resource_and_the_workload_kinds_have_a_message()
    {
        foreach (var r in BuiltInResources.All)
        {
            Assert.True(KubernetesProtobuf.Supports(r.ApiVersion, r.Kind), $"{r.ApiVersion} {r.Kind}");
            Assert.True(KubernetesProtobuf.Supports(r.ApiVersion, r.ListKind), $"{r.ApiVersion} {r.ListKind}");
        }
        (string, string)[] more =
        [
            ("apps/v1", "Deployment"), ("apps/v1", "ReplicaSet"), ("apps/v1", "DaemonSet"), ("apps/v1", "StatefulSet"),
            ("batch/v1", "Job"), ("batch/v1", "CronJob"), ("policy/v1", "PodDisruptionBudget"), ("policy/v1", "Eviction"),
            ("autoscaling/v1", "Scale"),
        ];
        foreach (var (apiVersion, kind) in more) Assert.True(KubernetesProtobuf.Supports(apiVersion, kind), $"{apiVersion} {kind}");
    }

    [Fact]
    public void Meta_kinds_are_registered_in_every_group_version()
    {
        Assert.Equal("k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions", Schema.MessageForKind("apps/v1", "DeleteOptions")?.Name);
        Assert.Equal("k8s.io.apimachinery.pkg.apis.meta.v1.DeleteOptions", Schema.MessageForKind("v1", "DeleteOptions")?.Name);
        Assert.Null(Schema.MessageForKind("v1", "Deployment"));
    }

    [Fact]
    public void Every_referenced_message_is_in_the_table()
    {
        foreach (var message in Schema.Messages)
        foreach (var field in message.Fields)
        {
            Assert.True(field.Scalar is not null ^ field.MessageType is not null, $"{message}.{field.Name}");
            if (field.MessageType is { } type) Assert.NotNull(Schema.Message(type));
            if (field.Inline) Assert.Null(ProtobufJsonCodecs.For(field.MessageType!));
        }
        foreach (var codec in ProtobufJsonCodecs.MessageTypes) Assert.NotNull(Schema.Message(codec));
    }

    [Fact]
    public void Well_known_field_numbers_match_upstream()
    {
        // Spot checks against k8s.io/api and k8s.io/apimachinery generated.proto.
        AssertField("k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta", "name", 1, scalar: ProtoScalarType.String);
        AssertField("k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta", "labels", 11, cardinality: ProtoCardinality.Map);
        AssertField("k8s.io.apimachinery.pkg.apis.meta.v1.ObjectMeta", "creationTimestamp", 8, message: "k8s.io.apimachinery.pkg.apis.meta.v1.Time");
        AssertField("k8s.io.api.core.v1.PodSpec", "containers", 2, cardinality: ProtoCardinality.Repeated);
        AssertField("k8s.io.api.core.v1.PodSpec", "terminationGracePeriodSeconds", 4, scalar: ProtoScalarType.Int64, pointer: true);
        AssertField("k8s.io.api.core.v1.Container", "image", 2, scalar: ProtoScalarType.String, pointer: false);
        AssertField("k8s.io.api.core.v1.Secret", "data", 2, scalar: ProtoScalarType.Bytes, cardinality: ProtoCardinality.Map);
        AssertField("k8s.io.api.core.v1.ServicePort", "targetPort", 4, message: "k8s.io.apimachinery.pkg.util.intstr.IntOrString");
        AssertField("k8s.io.api.apps.v1.DeploymentSpec", "replicas", 1, scalar: ProtoScalarType.Int32, pointer: true);
        AssertField("k8s.io.api.core.v1.Volume", "volumeSource", 2, message: "k8s.io.api.core.v1.VolumeSource");
        Assert.True(Schema.Message("k8s.io.api.core.v1.Volume").FieldByNumber(2)!.Inline);
        AssertField("k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps", "x-kubernetes-preserve-unknown-fields", 38,
            scalar: ProtoScalarType.Bool, pointer: true);
        AssertField("k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps", "$ref", 3, scalar: ProtoScalarType.String);
    }

    /// <summary>
    /// The table against an independent source: every field of every message a served kind reaches must be a JSON
    /// property of the KubernetesClient model for that message (so numbers map to the right JSON names, and inline
    /// structs are marked), and every model property must have a field (so no field is missing from the table).
    /// </summary>
    [Fact]
    public void Fields_match_the_json_properties_of_the_kubernetes_client_models()
    {
        var problems = new List<string>();
        foreach (var message in ReachableFromKinds())
        {
            var model = KubernetesModels.For(message);
            // Inline-only structs are checked through their parents; empty messages are plain objects to KubernetesClient.
            if (model is null && (InlineOnly.Contains(message.Name) || message.Fields.Count == 0)) continue;
            if (model is null)
            {
                problems.Add($"{message}: no KubernetesClient model");
                continue;
            }
            var modelNames = KubernetesModels.JsonNames(model);
            var tableNames = JsonNames(message).ToHashSet();
            problems.AddRange(tableNames.Except(modelNames).Select(n => $"{message}: table field \"{n}\" is not in {model.Name}"));
            problems.AddRange(modelNames.Except(tableNames).Except(["apiVersion", "kind"])
                .Where(n => !NewerThanTheTable.Contains($"{message.Name}.{n}"))
                .Select(n => $"{message}: {model.Name}.{n} has no field"));
        }
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    /// <summary>
    /// Fields KubernetesClient knows that are newer than the table: it is generated from kubectl v1.34's embedded
    /// descriptors, the last release that embeds them (1.35 dropped gogo). Bodies carrying these lose them, as an
    /// older kube-apiserver would.
    /// </summary>
    static readonly HashSet<string> NewerThanTheTable =
    [
        "k8s.io.api.batch.v1.JobSpec.scheduling",
        "k8s.io.api.core.v1.ClusterTrustBundleProjection.user",
        "k8s.io.api.core.v1.ConfigMapVolumeSource.defaultUser",
        "k8s.io.api.core.v1.DownwardAPIVolumeFile.user",
        "k8s.io.api.core.v1.DownwardAPIVolumeSource.defaultUser",
        "k8s.io.api.core.v1.EmptyDirVolumeSource.mode",
        "k8s.io.api.core.v1.GRPCAction.mode",
        "k8s.io.api.core.v1.HTTPGetAction.protocol",
        "k8s.io.api.core.v1.KeyToPath.user",
        "k8s.io.api.core.v1.NodeSpec.podPreemptionPolicy",
        "k8s.io.api.core.v1.NodeStatus.declaredFeatures",
        "k8s.io.api.core.v1.NodeSystemInfo.runningInUserNamespace",
        "k8s.io.api.core.v1.PersistentVolumeClaimStatus.healthStatus",
        "k8s.io.api.core.v1.PodCertificateProjection.user",
        "k8s.io.api.core.v1.PodCertificateProjection.userAnnotations",
        "k8s.io.api.core.v1.PodSpec.evictionResponders",
        "k8s.io.api.core.v1.PodSpec.schedulingGroup",
        "k8s.io.api.core.v1.PodStatus.allocatedResources",
        "k8s.io.api.core.v1.PodStatus.nodeAllocatableResourceClaimStatuses",
        "k8s.io.api.core.v1.PodStatus.resources",
        "k8s.io.api.core.v1.PodStatus.volumeHealth",
        "k8s.io.api.core.v1.ProjectedVolumeSource.defaultUser",
        "k8s.io.api.core.v1.ResourceHealth.message",
        "k8s.io.api.core.v1.SecretVolumeSource.defaultUser",
        "k8s.io.api.core.v1.ServiceAccountTokenProjection.user",
        "k8s.io.api.core.v1.VolumeMount.bindMountOptions",
        "k8s.io.api.core.v1.VolumeMountStatus.volumeStatus",
        "k8s.io.apimachinery.pkg.apis.meta.v1.ListMeta.shardInfo",
    ];

    /// <summary>Messages only ever embedded inline (VolumeSource, ProbeHandler): KubernetesClient has no model of their own.</summary>
    static readonly HashSet<string> InlineOnly = Schema.Messages
        .SelectMany(m => m.Fields.Where(f => f.MessageType is not null).Select(f => (f.MessageType!, f.Inline)))
        .GroupBy(x => x.Item1).Where(g => g.All(x => x.Inline)).Select(g => g.Key).ToHashSet();

    IEnumerable<string> JsonNames(ProtoMessageType message) => message.Fields.SelectMany(f =>
        f.Inline ? JsonNames(Schema.Message(f.MessageType!)) : [f.JsonName]);

    static IEnumerable<ProtoMessageType> ReachableFromKinds()
    {
        var seen = new HashSet<string>();
        var pending = new Stack<string>(Schema.Kinds.Select(k => Schema.MessageForKind(k.ApiVersion, k.Kind)!.Name));
        while (pending.TryPop(out var name))
        {
            if (!seen.Add(name) || ProtobufJsonCodecs.For(name) is not null) continue;
            var message = Schema.Message(name);
            yield return message;
            foreach (var f in message.Fields)
                if (f.MessageType is { } t) pending.Push(t);
        }
    }

    static void AssertField(string owner, string jsonName, int number, ProtoScalarType? scalar = null, string? message = null,
        ProtoCardinality cardinality = ProtoCardinality.Single, bool? pointer = null)
    {
        var field = Schema.Message(owner).FieldByJsonName(jsonName) ?? Schema.Message(owner).Fields.SingleOrDefault(f => f.JsonName == jsonName);
        Assert.NotNull(field);
        Assert.Equal(number, field.Number);
        Assert.Equal(cardinality, field.Cardinality);
        if (scalar is not null) Assert.Equal(scalar, field.Scalar);
        if (message is not null) Assert.Equal(message, field.MessageType);
        if (pointer is not null) Assert.Equal(pointer, field.Pointer);
    }
}
