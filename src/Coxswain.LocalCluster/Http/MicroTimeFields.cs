using System.Globalization;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Http;

/// <summary>
/// The <c>metav1.MicroTime</c> fields of built-in kinds, which kube-apiserver writes with six fractional digits
/// (<c>2006-01-02T15:04:05.000000Z</c>). The KubernetesClient models that normalise written objects keep only whole
/// seconds, and client-go's typed decoder rejects a MicroTime without its fraction — <c>kubectl describe</c> then shows
/// <c>Events: &lt;none&gt;</c> — so these fields are put back from the object as written, in the RFC 3339 micro form.
/// </summary>
internal static class MicroTimeFields
{
    private static readonly Dictionary<string, string[][]> PathsByGroupKind = new(StringComparer.Ordinal)
    {
        ["Event"] = [["eventTime"], ["series", "lastObservedTime"]],
        ["events.k8s.io/Event"] = [["eventTime"], ["series", "lastObservedTime"]],
        ["coordination.k8s.io/Lease"] = [["spec", "acquireTime"], ["spec", "renewTime"]],
    };

    public static void Restore(ResourceDefinition r, JsonObject written, JsonObject normalized)
    {
        if (!PathsByGroupKind.TryGetValue(r.Group.Length == 0 ? r.Kind : $"{r.Group}/{r.Kind}", out var paths)) return;
        foreach (var path in paths)
        {
            if (Parent(written, path) is not { } from || Parent(normalized, path) is not { } to) continue;
            var field = path[^1];
            if (from[field] is JsonValue value && value.TryGetValue<string>(out var text)
                && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                to[field] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);
            }
        }
    }

    private static JsonObject? Parent(JsonObject obj, string[] path)
    {
        var current = obj;
        foreach (var segment in path[..^1])
        {
            if (current[segment] is not JsonObject next) return null;
            current = next;
        }
        return current;
    }
}
