using System.Globalization;
using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Selectors;

/// <summary>
/// A dotted path into an object with optional list indexes, e.g. <c>status.podIPs[0].ip</c>, resolved without
/// allocating. A leading '.' (the CRD selectableFields form, <c>.spec.color</c>) is accepted.
/// </summary>
internal sealed class JsonFieldPath
{
    /// <summary>Each step is a property name, or a list index when <see cref="Step.Name"/> is null.</summary>
    readonly record struct Step(string? Name, int Index);

    readonly Step[] _steps;

    JsonFieldPath(Step[] steps) => _steps = steps;

    public static JsonFieldPath Parse(string path)
    {
        var steps = new List<Step>();
        foreach (var part in path.TrimStart('.').Split('.'))
        {
            int bracket = part.IndexOf('[');
            steps.Add(new Step(bracket < 0 ? part : part[..bracket], 0));
            while (bracket >= 0)
            {
                int close = part.IndexOf(']', bracket);
                if (close < 0) throw new ArgumentException($"unterminated index in field path {path}", nameof(path));
                steps.Add(new Step(null, int.Parse(part.AsSpan(bracket + 1, close - bracket - 1), CultureInfo.InvariantCulture)));
                bracket = part.IndexOf('[', close);
            }
        }
        return new JsonFieldPath(steps.ToArray());
    }

    /// <summary>The node at the path, or null when any step is missing or of the wrong kind.</summary>
    public JsonNode? Resolve(JsonObject root)
    {
        JsonNode? current = root;
        foreach (var step in _steps)
        {
            if (step.Name is { } name)
                current = current is JsonObject obj && obj.TryGetPropertyValue(name, out var child) ? child : null;
            else
                current = current is JsonArray list && step.Index < list.Count ? list[step.Index] : null;
            if (current is null) return null;
        }
        return current;
    }
}
