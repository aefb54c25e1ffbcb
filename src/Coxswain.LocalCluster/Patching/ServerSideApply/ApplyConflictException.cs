using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Patching.ServerSideApply;

/// <summary>A field an apply would change that another manager owns.</summary>
public sealed record ApplyConflict(ManagerIdentity Manager, IReadOnlyList<PathElement> Path)
{
    public string PathText => FieldSet.PathText(Path);
}

/// <summary>
/// An apply that conflicts with other managers' fields. <see cref="ToStatusError"/> is kube-apiserver's 409 for it
/// (apimachinery <c>managedfields/internal/conflict.go</c>): one cause per field, reason FieldManagerConflict.
/// </summary>
public sealed class ApplyConflictException(IReadOnlyList<ApplyConflict> conflicts) : Exception(MessageOf(conflicts))
{
    public IReadOnlyList<ApplyConflict> Conflicts { get; } = conflicts;

    public StatusError ToStatusError()
    {
        var causes = new JsonArray();
        foreach (var c in Conflicts)
            causes.Add(new JsonObject { ["reason"] = "FieldManagerConflict", ["message"] = $"conflict with {c.Manager}", ["field"] = c.PathText });
        return new StatusError(409, "Conflict", Message, new JsonObject { ["causes"] = causes });
    }

    static string MessageOf(IReadOnlyList<ApplyConflict> conflicts)
    {
        if (conflicts.Count == 1)
            return $"Apply failed with 1 conflict: conflict with {conflicts[0].Manager}: {conflicts[0].PathText}";
        var lines = conflicts
            .GroupBy(c => c.Manager)
            .OrderBy(g => g.Key.IdentifierJson(), StringComparer.Ordinal)
            .SelectMany(g => g.Select(c => $"- {c.PathText}").Prepend($"conflicts with {g.Key}:"));
        return $"Apply failed with {conflicts.Count} conflicts: {string.Join("\n", lines)}";
    }
}
