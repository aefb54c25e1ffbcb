using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Client;

/// <summary>
/// List and watch of any resource over the HTTP connection of a KubernetesClient <see cref="Kubernetes"/> instance.
/// </summary>
/// <remarks>
/// Why raw requests rather than KubernetesClient's operations: its typed operations are one method per kind, its
/// <c>GenericClient</c> cannot pass <c>resourceVersion</c>, <c>allowWatchBookmarks</c> or <c>sendInitialEvents</c>,
/// and its custom-object operations cannot reach the core group (<c>/api/v1</c>) nor ask for a streaming list. Going
/// through the same <see cref="Kubernetes.HttpClient"/> (TLS and client certificates from kubeconfig) and
/// <see cref="Kubernetes.Credentials"/> (tokens, exec plugins and their refresh) keeps every authentication feature of
/// the official client, while one code path serves every kind — built-in, custom, or metadata-only — and objects come
/// out as the official models through <see cref="KubernetesJson"/>.
/// </remarks>
public sealed class KubernetesListWatchClient<T> : IListWatchClient<T>
{
    // Content negotiation for metadata-only reads; the trailing plain JSON lets a server without the feature answer with
    // full objects, which still deserialize into PartialObjectMetadata (only the wire cost is lost).
    private const string MetadataListAccept = "application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json";
    private const string MetadataAccept = "application/json;as=PartialObjectMetadata;g=meta.k8s.io;v=v1,application/json";

    private readonly Kubernetes _client;
    private readonly string _collectionPath;
    private readonly bool _metadataOnly;

    /// <param name="client">The configured client whose connection and credentials are used.</param>
    /// <param name="resource">What to list and watch; for <see cref="PartialObjectMetadata"/> the real resource (e.g. pods).</param>
    /// <param name="namespace">One namespace, or null for all namespaces (and for cluster-scoped resources).</param>
    public KubernetesListWatchClient(Kubernetes client, ApiResource resource, string? @namespace = null)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(resource);
        _client = client;
        Resource = resource;
        Namespace = string.IsNullOrEmpty(@namespace) ? null : @namespace;
        _metadataOnly = typeof(T) == typeof(PartialObjectMetadata);
        var groupVersion = resource.Group.Length == 0 ? $"api/{resource.Version}" : $"apis/{resource.Group}/{resource.Version}";
        _collectionPath = Namespace is null
            ? $"{groupVersion}/{resource.Plural}"
            : $"{groupVersion}/namespaces/{Uri.EscapeDataString(Namespace)}/{resource.Plural}";
    }

    public ApiResource Resource { get; }

    public string? Namespace { get; }

    public async Task<ObjectList<T>> ListAsync(ListRequest request, CancellationToken cancellationToken)
    {
        var query = new QueryBuilder()
            .Add("labelSelector", request.LabelSelector)
            .Add("fieldSelector", request.FieldSelector)
            .Add("limit", request.Limit?.ToString(System.Globalization.CultureInfo.InvariantCulture))
            .Add("continue", request.Continue)
            .Add("resourceVersion", request.ResourceVersion)
            .Add("resourceVersionMatch", request.ResourceVersionMatch);
        using var response = await SendAsync(query, _metadataOnly ? MetadataListAccept : null, cancellationToken).ConfigureAwait(false);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return KubernetesJson.Deserialize<ObjectList<T>>(body);
    }

    public async IAsyncEnumerable<WatchEvent<T>> WatchAsync(WatchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var query = new QueryBuilder()
            .Add("watch", "true")
            .Add("labelSelector", request.LabelSelector)
            .Add("fieldSelector", request.FieldSelector)
            .Add("resourceVersion", request.ResourceVersion)
            .Add("resourceVersionMatch", request.ResourceVersionMatch)
            .Add("allowWatchBookmarks", request.AllowWatchBookmarks ? "true" : null)
            .Add("sendInitialEvents", request.SendInitialEvents ? "true" : null)
            .Add("timeoutSeconds", request.TimeoutSeconds?.ToString(System.Globalization.CultureInfo.InvariantCulture));
        using var response = await SendAsync(query, _metadataOnly ? MetadataAccept : null, cancellationToken).ConfigureAwait(false);
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

    private async Task<HttpResponseMessage> SendAsync(QueryBuilder query, string? accept, CancellationToken cancellationToken)
    {
        var uri = new Uri($"{_client.BaseUri.ToString().TrimEnd('/')}/{_collectionPath}{query}");
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Headers.Accept.Add(MediaTypeWithQualityHeaderValue.Parse("application/json"));
        if (accept is not null)
        {
            request.Headers.Accept.Clear();
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }

        if (_client.Credentials is not null)
        {
            await _client.Credentials.ProcessHttpRequestAsync(request, cancellationToken).ConfigureAwait(false);
        }

        var response = await _client.HttpClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (response.IsSuccessStatusCode)
        {
            return response;
        }

        using (response)
        {
            throw await KubernetesApiException.FromResponseAsync(response, cancellationToken).ConfigureAwait(false);
        }
    }

    private sealed class QueryBuilder
    {
        private readonly StringBuilder _query = new();

        public QueryBuilder Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                _query.Append(_query.Length == 0 ? '?' : '&').Append(name).Append('=').Append(Uri.EscapeDataString(value));
            }

            return this;
        }

        public override string ToString() => _query.ToString();
    }
}
