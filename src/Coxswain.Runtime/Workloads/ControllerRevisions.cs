using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using k8s;
using k8s.Models;
using Coxswain.Runtime.Relations;

namespace Coxswain.Runtime.Workloads;

/// <summary>
/// ControllerRevision history as <c>k8s.io/kubernetes/pkg/controller/history</c> keeps it for DaemonSets and
/// StatefulSets (and OpenKruise for CloneSets): a revision stores a patch that replaces <c>spec.template</c>, is named
/// <c>&lt;owner&gt;-&lt;hash&gt;</c>, labelled <c>controller-revision-hash</c>, numbered one past the newest.
/// </summary>
public static class ControllerRevisions
{
    public const string HashLabel = "controller-revision-hash";

    /// <summary>
    /// The DaemonSet/CloneSet <c>getPatch</c>: <c>{"spec":{"template":{…,"$patch":"replace"}}}</c> with keys sorted as
    /// Go's map encoding sorts them.
    /// </summary>
    public static JsonObject TemplatePatch(V1PodTemplateSpec template)
    {
        var templateJson = JsonNode.Parse(KubernetesJson.Serialize(template))!.AsObject();
        templateJson["$patch"] = "replace";
        return new JsonObject { ["spec"] = new JsonObject { ["template"] = templateJson } };
    }

    /// <summary>
    /// <c>history.HashControllerRevision</c>: FNV-1 (not 1a) over the data bytes, then the decimal collision count
    /// (<paramref name="probe"/>) when there is one.
    /// </summary>
    public static string Hash(JsonNode? data, int? probe)
    {
        var hash = Fnv.Fnv1(GoJson.Serialize(data));
        if (probe is { } p)
        {
            hash = Fnv.Fnv1(Encoding.ASCII.GetBytes(p.ToString(CultureInfo.InvariantCulture)), hash);
        }

        return SafeEncoding.EncodeHash(hash);
    }

    /// <summary><c>history.ControllerRevisionName</c>: the prefix is cut to 223 characters so the name stays valid.</summary>
    public static string Name(string prefix, string hash) =>
        (prefix.Length > 223 ? prefix[..223] : prefix) + "-" + hash;

    /// <summary>
    /// <c>history.NewControllerRevision</c>: owned by <paramref name="owner"/> (controller reference), labelled with the
    /// template's labels plus <see cref="HashLabel"/>, named from the hash of <paramref name="data"/> and
    /// <paramref name="collisionCount"/>.
    /// </summary>
    public static V1ControllerRevision New(
        IKubernetesObject<V1ObjectMeta> owner, IDictionary<string, string>? templateLabels, JsonObject data, long revision, int? collisionCount)
    {
        var labels = new Dictionary<string, string>(templateLabels ?? new Dictionary<string, string>());
        var hash = Hash(data, collisionCount);
        labels[HashLabel] = hash;
        var controllerRevision = new V1ControllerRevision
        {
            ApiVersion = "apps/v1",
            Kind = "ControllerRevision",
            Metadata = new V1ObjectMeta
            {
                Name = Name(owner.Metadata.Name, hash),
                NamespaceProperty = owner.Metadata.NamespaceProperty,
                Labels = labels,
            },
            Data = JsonSerializer.Deserialize<JsonElement>(GoJson.Serialize(data)),
            Revision = revision,
        };
        OwnerReferences.SetControllerReference(owner, controllerRevision);
        return controllerRevision;
    }

    /// <summary>The revision's data as JSON (the client model holds it as an untyped object).</summary>
    public static JsonNode? DataOf(V1ControllerRevision revision) => revision.Data switch
    {
        null => null,
        JsonNode node => node,
        JsonElement element => JsonNode.Parse(element.GetRawText()),
        var other => JsonNode.Parse(KubernetesJson.Serialize(other)),
    };

    /// <summary><c>history.EqualRevision</c>: same data (compared canonically, so key order never matters).</summary>
    public static bool EqualData(V1ControllerRevision revision, JsonNode data) =>
        GoJson.Serialize(DataOf(revision)).AsSpan().SequenceEqual(GoJson.Serialize(data));

    /// <summary><c>history.FindEqualRevisions</c>, oldest first.</summary>
    public static IReadOnlyList<V1ControllerRevision> FindEqual(IEnumerable<V1ControllerRevision> revisions, JsonNode data) =>
        Sorted(revisions.Where(r => EqualData(r, data)));

    /// <summary><c>history.SortControllerRevisions</c>: by revision number, then creation time, then name.</summary>
    public static IReadOnlyList<V1ControllerRevision> Sorted(IEnumerable<V1ControllerRevision> revisions) =>
        revisions.OrderBy(r => r.Revision)
            .ThenBy(r => r.Metadata.CreationTimestamp ?? DateTime.MinValue)
            .ThenBy(r => r.Metadata.Name, StringComparer.Ordinal)
            .ToList();

    /// <summary><c>nextRevision</c>: one past the highest revision, 1 for an empty history.</summary>
    public static long NextRevision(IEnumerable<V1ControllerRevision> revisions) =>
        revisions.Select(r => r.Revision ?? 0).DefaultIfEmpty(0).Max() + 1;

    /// <summary>
    /// The revisions history truncation deletes: the oldest of those not in <paramref name="live"/> (revisions some
    /// pod still runs, or the current/update revision) beyond <paramref name="revisionHistoryLimit"/>.
    /// </summary>
    public static IReadOnlyList<V1ControllerRevision> ToTruncate(
        IEnumerable<V1ControllerRevision> revisions, ISet<string> live, int revisionHistoryLimit)
    {
        var historic = Sorted(revisions.Where(r => !live.Contains(r.Metadata.Name)));
        var excess = historic.Count - revisionHistoryLimit;
        return excess <= 0 ? [] : historic.Take(excess).ToList();
    }
}
