using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Patching.ServerSideApply;

/// <summary>One manager's fields: the set, the apiVersion it was recorded at, and when it last changed the object.</summary>
public sealed record ManagedFieldSet(FieldSet Fields, string ApiVersion, DateTimeOffset? Time);

/// <summary>
/// The decoded <c>metadata.managedFields</c> of an object: each manager's owned field set. Decoding and encoding follow
/// apimachinery's managedfields package, including the order entries are written in.
/// </summary>
public sealed class ManagedFieldSets
{
    readonly Dictionary<ManagerIdentity, ManagedFieldSet> managers = [];

    public IReadOnlyDictionary<ManagerIdentity, ManagedFieldSet> Managers => managers;

    public ManagedFieldSet? this[ManagerIdentity manager]
    {
        get => managers.GetValueOrDefault(manager);
        set
        {
            // A manager left owning nothing has no entry.
            if (value is null || value.Fields.IsEmpty) managers.Remove(manager);
            else managers[manager] = value;
        }
    }

    /// <summary>
    /// Decodes entries; null when one is not a valid entry (not an object, no manager, an unknown operation or fields
    /// type, undecodable fields), as apimachinery's DecodeManagedFields fails.
    /// </summary>
    public static ManagedFieldSets? Decode(JsonNode? managedFields)
    {
        var result = new ManagedFieldSets();
        if (managedFields is null) return result;
        if (managedFields is not JsonArray entries) return null;
        foreach (var node in entries)
        {
            if (node is not JsonObject entry) return null;
            var manager = Text(entry["manager"]) ?? "";
            var operation = Text(entry["operation"]);
            if (operation is not (ManagerIdentity.Apply or ManagerIdentity.Update)) return null;
            if (Text(entry["fieldsType"]) is { } type && type != "FieldsV1") return null;
            var fields = entry["fieldsV1"] is JsonObject encoded ? FieldsV1.Decode(encoded) : FieldSet.Empty;
            if (fields is null) return null;
            var apiVersion = Text(entry["apiVersion"]) ?? "";
            var subresource = Text(entry["subresource"]);
            var identity = operation == ManagerIdentity.Apply
                ? ManagerIdentity.ForApply(manager, subresource)
                : ManagerIdentity.ForUpdate(manager, apiVersion, subresource);
            var existing = result.managers.GetValueOrDefault(identity);
            result.managers[identity] = new ManagedFieldSet(
                existing is null ? fields : existing.Fields.Union(fields), apiVersion, KubeTime.Parse(Text(entry["time"])) ?? existing?.Time);
        }
        return result;
    }

    /// <summary>kube-apiserver keeps at most this many Update entries (DefaultMaxUpdateManagers).</summary>
    public const int MaxUpdateManagers = 10;

    /// <summary>The manager the oldest Update entries are merged into once there are too many.</summary>
    public const string AncientChangesManager = "ancient-changes";

    /// <summary>
    /// apimachinery's capManagersManager: beyond <see cref="MaxUpdateManagers"/> Update entries, the oldest are merged
    /// into one "ancient-changes" entry per apiVersion, so that objects written by ever new managers stay bounded.
    /// </summary>
    public void CapUpdateManagers(int max = MaxUpdateManagers)
    {
        if (managers.Count <= max) return; // the usual case: nothing to merge, nothing to sort
        var updaters = managers.Where(m => m.Key.Operation == ManagerIdentity.Update)
            .OrderBy(m => m.Value.Time?.ToUnixTimeSeconds() ?? 0)
            .ThenBy(m => m.Key.IdentifierJson(), StringComparer.Ordinal)
            .Select(m => m.Key).ToList();
        var remaining = updaters.Count;
        var firstOfVersion = new Dictionary<string, ManagerIdentity>();
        for (var i = 0; i < updaters.Count && remaining > max; i++)
        {
            var manager = updaters[i];
            var set = managers[manager];
            var bucket = ManagerIdentity.ForUpdate(AncientChangesManager, set.ApiVersion, null);
            if (!firstOfVersion.TryGetValue(set.ApiVersion, out var first))
            {
                firstOfVersion[set.ApiVersion] = manager;
                continue;
            }
            if (manager == bucket) continue; // a bucket newer than the first of its version cannot merge into itself
            if (!managers.ContainsKey(bucket))
            {
                managers[bucket] = managers[first];
                managers.Remove(first);
            }
            // The bucket takes the time of the newer update merged into it.
            managers[bucket] = new ManagedFieldSet(set.Fields.Union(managers[bucket].Fields), set.ApiVersion, set.Time);
            managers.Remove(manager);
            remaining--;
        }
    }

    /// <summary>
    /// Whether a write asks to clear managedFields: an empty list, or a list holding one empty entry (<c>[{}]</c>).
    /// </summary>
    public static bool IsReset(JsonNode? managedFields) =>
        managedFields is JsonArray { Count: 0 } || (managedFields is JsonArray { Count: 1 } one && one[0] is JsonObject { Count: 0 });

    /// <summary>
    /// The entries as written to <c>metadata.managedFields</c>: Apply before Update, then by time (older first), manager,
    /// apiVersion and subresource — apimachinery's sortEncodedManagedFields. Null when there are none.
    /// </summary>
    public JsonArray? Encode()
    {
        if (managers.Count == 0) return null;
        var ordered = managers
            .OrderBy(m => m.Key.Operation, StringComparer.Ordinal)
            .ThenBy(m => m.Value.Time?.ToUnixTimeSeconds() ?? 0)
            .ThenBy(m => m.Key.Manager, StringComparer.Ordinal)
            .ThenBy(m => m.Value.ApiVersion, StringComparer.Ordinal)
            .ThenBy(m => m.Key.Subresource, StringComparer.Ordinal);
        var entries = new JsonArray();
        foreach (var (identity, set) in ordered)
        {
            var entry = new JsonObject { ["manager"] = identity.Manager, ["operation"] = identity.Operation, ["apiVersion"] = set.ApiVersion };
            if (set.Time is { } time) entry["time"] = KubeTime.Format(time);
            entry["fieldsType"] = "FieldsV1";
            entry["fieldsV1"] = FieldsV1.Encode(set.Fields);
            if (identity.Subresource.Length > 0) entry["subresource"] = identity.Subresource;
            entries.Add(entry);
        }
        return entries;
    }

    static string? Text(JsonNode? node) => node is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;
}
