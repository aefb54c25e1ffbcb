using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.OpenApi;

/// <summary>
/// The documents behind /openapi/v2 and /openapi/v3 for a changing set of served resources.
/// Every document is built lazily on first request and cached; adding or removing a resource (a CRD being
/// established or deleted) only discards the documents that change: its group-version document, the v3 index
/// (it lists every document's hash) and the all-in-one v2 document. Thread-safe.
/// </summary>
public sealed class OpenApiDocuments
{
    const string CoreDiscoveryKey = "api";
    const string GroupsDiscoveryKey = "apis";
    const string VersionKey = "version";

    readonly OpenApiDocumentsOptions options;
    readonly Lock gate = new();
    readonly Dictionary<(string Group, string Version, string Plural), Registration> registrations = new();
    volatile Snapshot current;

    sealed record Registration(ResourceDefinition Resource, ModelSchema? Schema);

    /// <summary>Immutable view of the documents for one set of registrations.</summary>
    sealed record Snapshot(
        IReadOnlyDictionary<string, GroupVersionDocument> GroupVersions,
        IReadOnlyDictionary<string, Lazy<OpenApiContent>> V3Documents,
        Lazy<OpenApiContent> V3Index,
        Lazy<(OpenApiContent Json, OpenApiContent Protobuf)> V2);

    /// <summary>A group version's registrations and its document, reused across snapshots while they are unchanged.</summary>
    sealed record GroupVersionDocument(IReadOnlyList<Registration> Registrations, Lazy<OpenApiContent> Document);

    public OpenApiDocuments(IEnumerable<ResourceDefinition> resources, OpenApiDocumentsOptions? options = null)
    {
        this.options = options ?? new OpenApiDocumentsOptions();
        foreach (var resource in resources) registrations[KeyOf(resource)] = new Registration(resource, null);
        current = BuildSnapshot(previous: null);
    }

    /// <summary>
    /// Publishes <paramref name="resource"/> (replacing one with the same group, version and plural).
    /// <paramref name="schema"/> overrides the reflected <see cref="ResourceDefinition.ModelType"/> schema,
    /// e.g. a CRD's structural schema; with neither, objects are published as accepting any fields.
    /// </summary>
    public void Add(ResourceDefinition resource, ModelSchema? schema = null)
    {
        lock (gate)
        {
            registrations[KeyOf(resource)] = new Registration(resource, schema);
            current = BuildSnapshot(current);
        }
    }

    /// <summary>Stops publishing the resource with the group, version and plural of <paramref name="resource"/>.</summary>
    public bool Remove(ResourceDefinition resource)
    {
        lock (gate)
        {
            if (!registrations.Remove(KeyOf(resource))) return false;
            current = BuildSnapshot(current);
            return true;
        }
    }

    /// <summary>The /openapi/v3 index: every document key with its <c>serverRelativeURL</c> (including <c>?hash=</c>).</summary>
    public OpenApiContent V3Index => current.V3Index.Value;

    /// <summary>Keys of the v3 documents ("api/v1", "apis/apps/v1", "apis/apps", "api", "apis", "version").</summary>
    public IReadOnlyCollection<string> V3DocumentKeys => current.V3Documents.Keys.ToList();

    /// <summary>The v3 document served at /openapi/v3/&lt;key&gt;; false for unknown keys (404).</summary>
    public bool TryGetV3Document(string key, out OpenApiContent content)
    {
        if (current.V3Documents.TryGetValue(key, out var document))
        {
            content = document.Value;
            return true;
        }
        content = null!;
        return false;
    }

    /// <summary>The URL the index advertises for a document: "/openapi/v3/apis/apps/v1?hash=&lt;etag&gt;".</summary>
    public static string V3DocumentUrl(string key, OpenApiContent content) => $"/openapi/v3/{key}?hash={content.ETag}";

    /// <summary>/openapi/v2 as JSON.</summary>
    public OpenApiContent V2Json => current.V2.Value.Json;

    /// <summary>/openapi/v2 as gnostic protobuf, for <see cref="OpenApiMediaTypes.V2Protobuf"/>.</summary>
    public OpenApiContent V2Protobuf => current.V2.Value.Protobuf;

    static (string, string, string) KeyOf(ResourceDefinition resource) => (resource.Group, resource.Version, resource.Plural);

    Snapshot BuildSnapshot(Snapshot? previous)
    {
        var all = registrations.Values.ToList();
        var groupVersions = new Dictionary<string, GroupVersionDocument>(StringComparer.Ordinal);
        foreach (var group in all.GroupBy(r => OperationNaming.DocumentKey(r.Resource.Group, r.Resource.Version)))
        {
            var members = group.OrderBy(r => r.Resource.Plural, StringComparer.Ordinal).ToList();
            groupVersions[group.Key] = previous?.GroupVersions.GetValueOrDefault(group.Key) is { } unchanged
                                       && unchanged.Registrations.SequenceEqual(members)
                ? unchanged
                : new GroupVersionDocument(members, new Lazy<OpenApiContent>(() => V3(GroupVersionOperations(members))));
        }

        var documents = new SortedDictionary<string, Lazy<OpenApiContent>>(StringComparer.Ordinal);
        foreach (var (key, groupVersion) in groupVersions) documents[key] = groupVersion.Document;
        foreach (var group in all.Select(r => r.Resource.Group).Where(g => g.Length > 0).Distinct())
            documents[$"apis/{group}"] = previous?.V3Documents.GetValueOrDefault($"apis/{group}")
                                         ?? new Lazy<OpenApiContent>(() => V3([DiscoveryOperations.Group(group)]));
        documents[CoreDiscoveryKey] = previous?.V3Documents[CoreDiscoveryKey] ?? new Lazy<OpenApiContent>(() => V3([DiscoveryOperations.CoreVersions()]));
        documents[GroupsDiscoveryKey] = previous?.V3Documents[GroupsDiscoveryKey] ?? new Lazy<OpenApiContent>(() => V3([DiscoveryOperations.Groups()]));
        documents[VersionKey] = previous?.V3Documents[VersionKey] ?? new Lazy<OpenApiContent>(() => V3([DiscoveryOperations.Version()]));

        return new Snapshot(groupVersions, documents,
            new Lazy<OpenApiContent>(() => Index(documents)),
            new Lazy<(OpenApiContent, OpenApiContent)>(() => V2(all)));
    }

    static IEnumerable<ApiOperation> GroupVersionOperations(IReadOnlyList<Registration> members)
    {
        var first = members[0].Resource;
        yield return DiscoveryOperations.GroupVersionResources(first.Group, first.Version);
        foreach (var (resource, schema) in members)
        {
            var objectSchema = ResourceSchemas.ObjectSchema(resource, schema);
            foreach (var operation in ResourceOperations.For(resource, objectSchema, ResourceSchemas.ListSchema(resource, objectSchema)))
                yield return operation;
        }
    }

    OpenApiContent V3(IEnumerable<ApiOperation> operations) =>
        OpenApiContent.FromJson(OpenApiV3DocumentWriter.Write(options.Info, operations, options.IncludeDescriptions));

    static OpenApiContent Index(IReadOnlyDictionary<string, Lazy<OpenApiContent>> documents)
    {
        var paths = new JsonObject();
        foreach (var (key, document) in documents)
            paths[key] = new JsonObject { ["serverRelativeURL"] = V3DocumentUrl(key, document.Value) };
        return OpenApiContent.FromJson(new JsonObject { ["paths"] = paths });
    }

    (OpenApiContent, OpenApiContent) V2(IReadOnlyList<Registration> all)
    {
        var operations = all
            .GroupBy(r => (r.Resource.Group, r.Resource.Version))
            .SelectMany(g => GroupVersionOperations(g.ToList()))
            .Concat(all.Select(r => r.Resource.Group).Where(g => g.Length > 0).Distinct().Select(DiscoveryOperations.Group))
            .Concat([DiscoveryOperations.CoreVersions(), DiscoveryOperations.Groups(), DiscoveryOperations.Version()]);
        var document = SwaggerDocumentWriter.Write(options.Info, operations, options.IncludeDescriptions);
        return (OpenApiContent.FromJson(document), OpenApiContent.FromBytes(GnosticProtobufEncoder.Encode(document)));
    }
}
