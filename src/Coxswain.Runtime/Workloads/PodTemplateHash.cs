using System.Buffers.Binary;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Workloads;

/// <summary>
/// kube-controller-manager's <c>controller.ComputeHash</c>: FNV-1a over the pod template, then, when the owner has a
/// <c>collisionCount</c>, its 8-byte little-endian form, encoded with <see cref="SafeEncoding"/>. It names a
/// Deployment's ReplicaSets (<c>web-5d59d67564</c>) and is their <c>pod-template-hash</c> label.
/// </summary>
/// <remarks>
/// Upstream feeds the hasher with a Go-specific dump of the struct (<c>spew</c>); here the template's canonical JSON
/// (<see cref="GoJson"/>) stands in for it, so hashes have upstream's form and properties (stable, collision-count
/// probing) but not its exact values.
/// </remarks>
public static class PodTemplateHash
{
    public const string Label = "pod-template-hash";

    public static string Compute(V1PodTemplateSpec? template, int? collisionCount)
    {
        var json = JsonNode.Parse(KubernetesJson.Serialize(template ?? new V1PodTemplateSpec()));
        var hash = Fnv.Fnv1a(GoJson.Serialize(json));
        if (collisionCount is { } count)
        {
            Span<byte> bytes = stackalloc byte[8];
            BinaryPrimitives.WriteUInt32LittleEndian(bytes, unchecked((uint)count));
            hash = Fnv.Fnv1a(bytes, hash);
        }

        return SafeEncoding.EncodeHash(hash);
    }
}
