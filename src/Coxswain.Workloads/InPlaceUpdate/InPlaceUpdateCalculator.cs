using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Coxswain.Runtime.Patching;
using Coxswain.Runtime.Workloads;
using k8s.Models;

namespace Coxswain.Workloads.InPlaceUpdate;

/// <summary>
/// OpenKruise's <c>defaultCalculateInPlaceUpdateSpec</c>: the JSON patch between the pod templates of two
/// ControllerRevisions may only replace container images and change template metadata for the pod to be updated in
/// place. Anything else (env, commands, added containers, volumes…) means the pod must be recreated.
/// </summary>
public static partial class InPlaceUpdateCalculator
{
    /// <summary>The in-place spec from <paramref name="oldRevision"/> to <paramref name="newRevision"/>, or null when only recreation will do.</summary>
    public static InPlaceUpdateSpec? Calculate(V1ControllerRevision? oldRevision, V1ControllerRevision newRevision)
    {
        if (oldRevision is null) return null;
        var oldTemplate = TemplateOf(oldRevision);
        var newTemplate = TemplateOf(newRevision);
        if (oldTemplate is null || newTemplate is null) return null;

        var spec = new InPlaceUpdateSpec { Revision = newRevision.Metadata.Name };
        var metadataChanged = false;
        foreach (var operation in JsonPatchDiff.Create(oldTemplate, newTemplate))
        {
            if (operation.Path.StartsWith("/metadata/", StringComparison.Ordinal))
            {
                metadataChanged = true;
                continue;
            }
            var image = ContainerImagePath().Match(operation.Path);
            if (operation.Op != "replace" || !image.Success) return null;
            var index = int.Parse(image.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            var container = newTemplate["spec"]?["containers"]?[index];
            if (container?["name"]?.GetValue<string>() is not { } name) return null;
            spec.ContainerImages ??= new Dictionary<string, string>();
            spec.ContainerImages[name] = container["image"]!.GetValue<string>();
        }

        if (metadataChanged)
            spec.MetadataChanges = new InPlaceMetadataChanges
            {
                Labels = MapChanges(oldTemplate["metadata"]?["labels"], newTemplate["metadata"]?["labels"]),
                Annotations = MapChanges(oldTemplate["metadata"]?["annotations"], newTemplate["metadata"]?["annotations"]),
            };
        return spec;
    }

    /// <summary>The pod template a revision stores (<c>data.spec.template</c>), without the strategic-merge directive.</summary>
    public static JsonObject? TemplateOf(V1ControllerRevision revision)
    {
        if (ControllerRevisions.DataOf(revision)?["spec"]?["template"] is not JsonObject template) return null;
        var copy = template.DeepClone().AsObject();
        copy.Remove("$patch");
        return copy;
    }

    static Dictionary<string, string?> MapChanges(JsonNode? oldMap, JsonNode? newMap)
    {
        var changes = new Dictionary<string, string?>(StringComparer.Ordinal);
        var before = (oldMap as JsonObject)?.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>()) ?? [];
        var after = (newMap as JsonObject)?.ToDictionary(p => p.Key, p => p.Value?.GetValue<string>()) ?? [];
        foreach (var (key, value) in after)
            if (!before.TryGetValue(key, out var old) || old != value) changes[key] = value;
        foreach (var key in before.Keys)
            if (!after.ContainsKey(key)) changes[key] = null;
        return changes;
    }

    [GeneratedRegex("^/spec/containers/([0-9]+)/image$")]
    private static partial Regex ContainerImagePath();
}
