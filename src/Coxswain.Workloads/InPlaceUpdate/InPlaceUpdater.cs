using System.Text.Json.Nodes;
using Coxswain.Apis.Apps;
using Coxswain.Apis.Apps.Pub;
using Coxswain.Runtime.Client;
using k8s;
using k8s.Models;

namespace Coxswain.Workloads.InPlaceUpdate;

/// <summary>What <see cref="InPlaceUpdater.RefreshAsync"/> did: whether it wrote the pod, and when to look again.</summary>
public readonly record struct InPlaceRefreshResult(bool Modified, TimeSpan? RequeueAfter)
{
    public static readonly InPlaceRefreshResult Unchanged = new(false, null);
}

/// <summary>
/// OpenKruise's in-place update mechanism (pkg/util/inplaceupdate), shared by every workload that updates pods in place:
/// mark the pod not ready (InPlaceUpdateReady=False), then in one pod write move it to the new revision, record the
/// imageIDs it ran in <c>apps.kruise.io/inplace-update-state</c> and patch the container images (after the grace
/// period, if any); once the kubelet reports new imageIDs, mark it ready again.
/// </summary>
public sealed class InPlaceUpdater(ResourceClient<V1Pod> pods, TimeProvider time, string fieldManager)
{
    PatchOptions Options => new() { FieldManager = fieldManager };

    /// <summary>
    /// Starts updating <paramref name="pod"/> in place. <paramref name="revisionLabels"/> are written in the same pod
    /// write (the workload's revision labels and lifecycle state). Returns the pod as written and the grace period to
    /// wait before the next step, when there is one.
    /// </summary>
    public async Task<(V1Pod Written, TimeSpan? Grace)> UpdateAsync(
        V1Pod pod, InPlaceUpdateSpec spec, IDictionary<string, string> revisionLabels, int graceSeconds, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (!spec.IsMetadataOnly && InPlaceUpdateReadiness.HasReadinessGate(pod))
            await SetConditionAsync(pod, "False", KruisePodConditions.StartInPlaceUpdateReason, now, cancellationToken).ConfigureAwait(false);

        var statuses = pod.Status?.ContainerStatuses?.ToDictionary(s => s.Name) ?? [];
        var state = new InPlaceUpdateState
        {
            Revision = spec.Revision,
            UpdateTimestamp = now,
            UpdateImages = !spec.IsMetadataOnly,
        };
        foreach (var name in spec.ContainerImages?.Keys ?? [])
            state.LastContainerStatuses[name] = new InPlaceUpdateContainerStatus { ImageId = statuses.GetValueOrDefault(name)?.ImageID };

        var labels = new JsonObject();
        var annotations = new JsonObject { [KruiseAnnotations.InPlaceUpdateState] = KubernetesJson.Serialize(state) };
        // The legacy keys are dropped on every write, as OpenKruise does.
        if (pod.Metadata.Annotations?.ContainsKey(KruiseAnnotations.InPlaceUpdateStateLegacy) == true) annotations[KruiseAnnotations.InPlaceUpdateStateLegacy] = null;
        foreach (var (key, value) in spec.MetadataChanges?.Labels ?? new Dictionary<string, string?>()) labels[key] = value;
        foreach (var (key, value) in spec.MetadataChanges?.Annotations ?? new Dictionary<string, string?>()) annotations[key] = value;
        foreach (var (key, value) in revisionLabels) labels[key] = value;

        var delayImages = graceSeconds > 0 && !spec.IsMetadataOnly;
        if (delayImages)
            annotations[KruiseAnnotations.InPlaceUpdateGrace] = KubernetesJson.Serialize(new InPlaceUpdateSpec
            {
                Revision = spec.Revision, ContainerImages = spec.ContainerImages, GraceSeconds = graceSeconds,
            });
        var patch = new JsonObject { ["metadata"] = new JsonObject { ["labels"] = labels, ["annotations"] = annotations } };
        if (!delayImages && spec.ContainerImages is { Count: > 0 } images) patch["spec"] = ImagesPatch(images);
        var written = await PatchAsync(pod, patch, cancellationToken).ConfigureAwait(false);
        return (written, delayImages ? TimeSpan.FromSeconds(graceSeconds) : null);
    }

    /// <summary>
    /// Moves an in-place update along: the first InPlaceUpdateReady=True of a new pod, the image patch once a grace
    /// period has passed, and InPlaceUpdateReady=True once the kubelet runs the new images.
    /// </summary>
    public async Task<InPlaceRefreshResult> RefreshAsync(V1Pod pod, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var hasGate = InPlaceUpdateReadiness.HasReadinessGate(pod);
        var condition = InPlaceUpdateReadiness.ConditionOf(pod);
        if (hasGate && condition is null)
        {
            await SetConditionAsync(pod, "True", null, now, cancellationToken).ConfigureAwait(false);
            return new InPlaceRefreshResult(true, null);
        }

        if (InPlaceUpdateAnnotations.GraceOf(pod) is { } grace)
        {
            var state = InPlaceUpdateAnnotations.StateOf(pod);
            var annotations = new JsonObject { [KruiseAnnotations.InPlaceUpdateGrace] = null, [KruiseAnnotations.InPlaceUpdateGraceLegacy] = null };
            var patch = new JsonObject { ["metadata"] = new JsonObject { ["annotations"] = annotations } };
            // A pod that moved to another revision meanwhile drops the stale grace spec.
            if (state is not null && state.Revision == grace.Revision)
            {
                var remaining = DateTime.SpecifyKind(state.UpdateTimestamp, DateTimeKind.Utc).AddSeconds(grace.GraceSeconds) - now;
                if (remaining > TimeSpan.Zero)
                    return new InPlaceRefreshResult(false, TimeSpan.FromSeconds(Math.Ceiling(remaining.TotalSeconds)));
                if (grace.ContainerImages is { Count: > 0 } images) patch["spec"] = ImagesPatch(images);
            }
            await PatchAsync(pod, patch, cancellationToken).ConfigureAwait(false);
            return new InPlaceRefreshResult(true, null);
        }

        if (hasGate && condition?.Status == "False" && InPlaceUpdateAnnotations.StateOf(pod) is not null
            && InPlaceUpdateCompletion.Incomplete(pod) is null)
        {
            await SetConditionAsync(pod, "True", null, now, cancellationToken).ConfigureAwait(false);
            return new InPlaceRefreshResult(true, null);
        }
        return InPlaceRefreshResult.Unchanged;
    }

    static JsonObject ImagesPatch(IDictionary<string, string> images) => new()
    {
        ["containers"] = new JsonArray([.. images.Select(i => (JsonNode)new JsonObject { ["name"] = i.Key, ["image"] = i.Value })]),
    };

    Task<V1Pod> PatchAsync(V1Pod pod, JsonObject patch, CancellationToken cancellationToken) =>
        pods.PatchAsync(pod.Metadata.NamespaceProperty, pod.Metadata.Name,
            new V1Patch(patch.ToJsonString(), V1Patch.PatchType.StrategicMergePatch), Options, cancellationToken);

    /// <summary>Writes InPlaceUpdateReady; a null reason removes StartInPlaceUpdate when the condition turns True again.</summary>
    Task<V1Pod> SetConditionAsync(V1Pod pod, string status, string? reason, DateTime now, CancellationToken cancellationToken) =>
        PodConditionPatch.WriteAsync(pods, pod, fieldManager, KruisePodConditions.InPlaceUpdateReady, status, now, reason, null, cancellationToken);
}
