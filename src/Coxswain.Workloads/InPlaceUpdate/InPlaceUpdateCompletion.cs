using k8s.Models;

namespace Coxswain.Workloads.InPlaceUpdate;

/// <summary>
/// OpenKruise's DefaultCheckInPlaceUpdateCompleted: an in-place update is done once no grace period is pending and
/// every container it recorded reports an imageID other than the one it ran before (or already runs the spec image).
/// The kubelet changes the imageID only after it restarted the container with the new image.
/// </summary>
public static class InPlaceUpdateCompletion
{
    /// <summary>Null when complete (or when the pod was never updated in place), else why not.</summary>
    public static string? Incomplete(V1Pod pod)
    {
        if (InPlaceUpdateAnnotations.HasGrace(pod)) return "grace period not passed";
        if (InPlaceUpdateAnnotations.StateOf(pod) is not { } state) return null;
        if (state.NextContainerImages is { Count: > 0 }) return "next container batches not updated";

        var statuses = pod.Status?.ContainerStatuses?.ToDictionary(s => s.Name) ?? [];
        var specImages = pod.Spec?.Containers?.ToDictionary(c => c.Name, c => c.Image) ?? [];
        foreach (var (name, last) in state.LastContainerStatuses)
        {
            if (!statuses.TryGetValue(name, out var status)) return $"container {name} status not found";
            if (status.ImageID == last.ImageId && !SameImage(status.Image, specImages.GetValueOrDefault(name)))
                return $"container {name} imageID not changed";
        }
        return null;
    }

    /// <summary>Compares images with an untagged reference meaning <c>:latest</c>, as the kubelet reports it.</summary>
    static bool SameImage(string? statusImage, string? specImage) =>
        statusImage is not null && specImage is not null && Normalize(statusImage) == Normalize(specImage);

    static string Normalize(string image)
    {
        var name = image.Contains('@') ? image : image.LastIndexOf(':') > image.LastIndexOf('/') ? image : image + ":latest";
        return name.StartsWith("docker.io/library/", StringComparison.Ordinal) ? name["docker.io/library/".Length..] : name;
    }
}
