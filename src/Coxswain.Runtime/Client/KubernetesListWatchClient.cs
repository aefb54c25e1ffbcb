using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Client;

/// <summary>
/// List and watch of any resource over the HTTP connection of a KubernetesClient <see cref="Kubernetes"/> instance (see
/// <see cref="ApiConnection"/> for why raw requests). Objects come out as the official models through
/// <see cref="KubernetesJson"/>; <see cref="PartialObjectMetadata"/> asks the server for metadata only.
/// </summary>
public sealed class KubernetesListWatchClient<T> : IListWatchClient<T>
{
    // Content negotiation for metadata-only reads; the trailing plain JSON lets a server without the feature answer with
    // full objects, which still deserialize into PartialObjectMetadata (only the wire cost is lost).
    private const string MetadataListAccept = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";
    private const string MetadataAccept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";

    private readonly ApiConnection _connection;
    private readonly string _collectionPath;
    private readonly bool _metadataOnly;

    /// <param name="client">The configured client whose connection and credentials are used.</param>
    /// <param name="resource">What to list and watch; for <see cref="PartialObjectMetadata"/> the real resource (e.g. pods).</param>
    /// <param name="namespace">One namespace, or null for all namespaces (and for cluster-scoped resources).</param>
    public KubernetesListWatchClient(Kubernetes client, ApiResource resource, string? @namespace = null)
    {
        ArgumentNullException.ThrowIfNull(resource);
        _connection = new ApiConnection(client);
        Resource = resource;
        Namespace = string.IsNullOrEmpty(@namespace) ? null : @namespace;
        _metadataOnly = typeof(T) == typeof(PartialObjectMetadata);
        _collectionPath = ResourcePaths.Collection(resource, Namespace);
    }

    public ApiResource Resource { get; }

    public string? Namespace { get; }

    public async Task<ObjectList<T>> ListAsync(ListRequest request, CancellationToken cancellationToken)
    {
        using var response = await _connection.SendAsync(
            HttpMethod.Get, _collectionPath + request.ToQuery(), null, _metadataOnly ? MetadataListAccept : null, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return KubernetesJson.Deserialize<ObjectList<T>>(body);
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(WatchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = new QueryString()
            .Add("watch", "true")
            .Add("labelSelector", request.LabelSelector)
            .Add("fieldSelector", request.FieldSelector)
            .Add("resourceVersion", request.ResourceVersion)
            .Add("resourceVersionMatch", request.ResourceVersionMatch)
            .Add("allowWatchBookmarks", request.AllowWatchBookmarks)
            .Add("sendInitialEvents", request.SendInitialEvents)
            .Add("timeoutSeconds", request.TimeoutSeconds);
        using var response = await _connection.SendAsync(
            HttpMethod.Get, _collectionPath + query, null, _metadataOnly ? MetadataAccept : null, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        using var reader = new StreamReader(body, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            if (!string.IsNullOrWhiteSpace(line))
            {
                yield return ParseEvent(line);
            }
        }
    }

    /// <summary>Parses one line of a watch stream: <c>{"type":"ADDED","object":{...}}</c>.</summary>
    internal static WatchEvent<T> ParseEvent(string line)
    {
        // The common case in one pass, straight from the line into the model: decoding objects is what a cache sync
        // spends its time on, and parsing each line into a document first and the object from it again cost a third
        // more. Error events (whose object is a Status, not a T) and anything unexpected take the two-step path.
        if (!line.Contains("\"ERROR\"", StringComparison.Ordinal))
        {
            var envelope = KubernetesJson.Deserialize<WatchLine>(line);
            if (Enum.TryParse<WatchEventType>(envelope.Type, ignoreCase: true, out var fastType) && fastType != WatchEventType.Error)
            {
                return new WatchEvent<T>(fastType, envelope.Object);
            }
        }

        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        var type = root.GetProperty("type").GetString();
        var payload = root.GetProperty("object");
        if (string.Equals(type, "ERROR", StringComparison.OrdinalIgnoreCase))
        {
            return new WatchEvent<T>(WatchEventType.Error, default, KubernetesJson.Deserialize<V1Status>(payload));
        }

        if (!Enum.TryParse<WatchEventType>(type, ignoreCase: true, out var eventType))
        {
            throw new JsonException($"Unknown watch event type '{type}'.");
        }

        return new WatchEvent<T>(eventType, KubernetesJson.Deserialize<T>(payload));
    }

    // One line of a watch stream, decoded in one pass.
    internal sealed class WatchLine
    {
        [JsonPropertyName("type")]
        public string? Type { get; set; }

        [JsonPropertyName("object")]
        public T? Object { get; set; }
    }
}
