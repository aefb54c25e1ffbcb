using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Controllers;

/// <summary>
/// What a terminating namespace reports in <c>status.conditions</c> while its content is deleted, as the namespace
/// controller's condition updater writes it: each of the five deletion conditions is False with its "ok" reason unless
/// something is wrong (content that failed to delete, resources still there, finalizers still holding them).
/// </summary>
public sealed class NamespaceDeletionConditions
{
    /// <summary>The condition types in the order upstream adds them.</summary>
    static readonly (string Type, string OkReason, string OkMessage)[] Types =
    [
        ("NamespaceDeletionDiscoveryFailure", "ResourcesDiscovered", "All resources successfully discovered"),
        ("NamespaceDeletionGroupVersionParsingFailure", "ParsedGroupVersions", "All legacy kube types successfully parsed"),
        ("NamespaceDeletionContentFailure", "ContentDeleted", "All content successfully deleted, may be waiting on finalization"),
        ("NamespaceContentRemaining", "ContentRemoved", "All content successfully removed"),
        ("NamespaceFinalizersRemaining", "ContentHasNoFinalizers", "All content-preserving finalizers finished"),
    ];

    readonly Dictionary<string, (string Reason, string Message)> failing = new();
    readonly SortedDictionary<string, int> remainingByResource = new(StringComparer.Ordinal);
    readonly SortedDictionary<string, int> remainingByFinalizer = new(StringComparer.Ordinal);
    readonly List<string> deleteErrors = new();

    /// <summary>An object of <paramref name="r"/> still in the namespace after the deletion pass, with its finalizers.</summary>
    public void Remaining(ResourceDefinition r, IEnumerable<string> finalizers)
    {
        var key = $"{r.Plural}.{r.Group}"; // upstream prints "resource.group", so core resources read "pods."
        remainingByResource[key] = remainingByResource.GetValueOrDefault(key) + 1;
        foreach (var f in finalizers) remainingByFinalizer[f] = remainingByFinalizer.GetValueOrDefault(f) + 1;
    }

    public void DeleteFailed(string error) => deleteErrors.Add(error);

    /// <summary>Brings the namespace's conditions up to date; returns whether any changed.</summary>
    public bool ApplyTo(JsonObject status, DateTimeOffset now)
    {
        if (deleteErrors.Count > 0)
            failing["NamespaceDeletionContentFailure"] = ("ContentDeletionFailed",
                $"Failed to delete all resource types, {deleteErrors.Count} remaining: {string.Join(", ", deleteErrors)}");
        if (remainingByResource.Count > 0)
            failing["NamespaceContentRemaining"] = ("SomeResourcesRemain",
                "Some resources are remaining: " + string.Join(", ", remainingByResource.Select(kv => $"{kv.Key} has {kv.Value} resource instances").Order(StringComparer.Ordinal)));
        if (remainingByFinalizer.Count > 0)
            failing["NamespaceFinalizersRemaining"] = ("SomeFinalizersRemain",
                "Some content in the namespace has finalizers remaining: " +
                string.Join(", ", remainingByFinalizer.Select(kv => $"{kv.Key} in {kv.Value} resource instances").Order(StringComparer.Ordinal)));

        if (status["conditions"] is not JsonArray conditions) status["conditions"] = conditions = new JsonArray();
        var changed = false;
        foreach (var (type, okReason, okMessage) in Types)
        {
            var (value, reason, message) = failing.TryGetValue(type, out var f) ? ("True", f.Reason, f.Message) : ("False", okReason, okMessage);
            var existing = conditions.Objects().Select(c => c.Item).FirstOrDefault(c => c.StrOrEmpty("type") == type);
            if (existing is not null && existing.StrOrEmpty("status") == value && existing.StrOrEmpty("reason") == reason &&
                existing.StrOrEmpty("message") == message) continue;
            var condition = new JsonObject
            {
                ["type"] = type, ["status"] = value, ["lastTransitionTime"] = KubeTime.Format(now), ["reason"] = reason, ["message"] = message,
            };
            if (existing is null) conditions.Add(condition);
            else conditions[conditions.IndexOf(existing)] = condition;
            changed = true;
        }
        return changed;
    }
}
