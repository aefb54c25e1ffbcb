using System.Net;
using k8s;
using k8s.Models;
using Coxswain.Runtime.Patching;

namespace Coxswain.Runtime.Client;

/// <summary>
/// Reads and writes the objects of one resource (kube-rs's <c>Api&lt;K&gt;</c>): get, list, create, replace, patch
/// (JSON, merge, strategic merge, server-side apply), delete, and the <c>status</c> subresource — for any kind, built-in
/// or custom, over the connection and credentials of a KubernetesClient <see cref="Kubernetes"/> instance.
/// </summary>
/// <remarks>
/// Controllers should read from their informer's <see cref="Cache.Store{T}"/> and write through this client: the cache
/// saves the API server a request per reconcile, and writes must go to the server anyway. Failures throw
/// <see cref="KubernetesApiException"/> (check <see cref="KubernetesApiException.StatusCode"/>: 404, 409…).
/// </remarks>
public sealed class ResourceClient<T> where T : class, IKubernetesObject<V1ObjectMeta>
{
    private readonly ApiConnection _connection;

    /// <param name="client">The configured client whose connection and credentials are used.</param>
    /// <param name="resource">The resource; by default read from <typeparamref name="T"/>'s <c>[KubernetesEntity]</c>.</param>
    public ResourceClient(Kubernetes client, ApiResource? resource = null)
    {
        _connection = new ApiConnection(client);
        Resource = resource ?? ApiResource.For<T>();
    }

    public ApiResource Resource { get; }

    /// <summary>Field manager used by writes that do not name one (e.g. the controller's name); null leaves it to the server.</summary>
    public string? DefaultFieldManager { get; init; }

    /// <summary>Reads one object; throws <see cref="KubernetesApiException"/> with 404 when it does not exist.</summary>
    public async Task<T> GetAsync(string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        using var response = await SendAsync(HttpMethod.Get, ResourcePaths.Object(Resource, @namespace, name), null, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads one object, or null when it does not exist (kube-rs's <c>get_opt</c>).</summary>
    public async Task<T?> GetOrDefaultAsync(string? @namespace, string name, CancellationToken cancellationToken = default)
    {
        try
        {
            return await GetAsync(@namespace, name, cancellationToken).ConfigureAwait(false);
        }
        catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }
    }

    /// <summary>Lists one page of objects in <paramref name="namespace"/> (all namespaces when null).</summary>
    public async Task<ObjectList<T>> ListAsync(string? @namespace, ListRequest? request = null, CancellationToken cancellationToken = default)
    {
        request ??= new ListRequest();
        var query = new QueryString()
            .Add("labelSelector", request.LabelSelector)
            .Add("fieldSelector", request.FieldSelector)
            .Add("limit", request.Limit)
            .Add("continue", request.Continue)
            .Add("resourceVersion", request.ResourceVersion)
            .Add("resourceVersionMatch", request.ResourceVersionMatch);
        using var response = await SendAsync(HttpMethod.Get, ResourcePaths.Collection(Resource, @namespace) + query, null, cancellationToken)
            .ConfigureAwait(false);
        return await ReadAsync<ObjectList<T>>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Creates <paramref name="obj"/> in its own namespace.</summary>
    public async Task<T> CreateAsync(T obj, WriteOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var path = ResourcePaths.Collection(Resource, obj.Metadata?.NamespaceProperty) + WriteQuery(options);
        using var response = await SendAsync(HttpMethod.Post, path, Body(obj), cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Replaces <paramref name="obj"/> (an update, guarded by its <c>metadata.resourceVersion</c>: a stale object fails
    /// with 409 Conflict).
    /// </summary>
    public Task<T> ReplaceAsync(T obj, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        PutAsync(obj, subresource: null, options, cancellationToken);

    /// <summary>Replaces the <c>status</c> of <paramref name="obj"/>; changes elsewhere in the object are ignored by the server.</summary>
    public Task<T> ReplaceStatusAsync(T obj, WriteOptions? options = null, CancellationToken cancellationToken = default) =>
        PutAsync(obj, subresource: "status", options, cancellationToken);

    /// <summary>Applies <paramref name="patch"/> (any <see cref="V1Patch.PatchType"/>) to one object or subresource.</summary>
    public async Task<T> PatchAsync(
        string? @namespace, string name, V1Patch patch, PatchOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(patch);
        options ??= new PatchOptions();
        var path = ResourcePaths.Object(Resource, @namespace, name, options.Subresource)
            + WriteQuery(options).Add("force", patch.Type == V1Patch.PatchType.ApplyPatch && options.Force);
        var content = ApiConnection.JsonContent(Patches.ContentOf(patch), Patches.MediaTypeOf(patch.Type));
        using var response = await SendAsync(HttpMethod.Patch, path, content, cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Server-side apply: sends <paramref name="obj"/> as the complete intent of <paramref name="fieldManager"/>, which
    /// then owns exactly the fields it contains (fields it set before and left out now are removed). Creates the object
    /// when absent. A field owned by another manager with a different value fails with 409 unless <paramref name="force"/>.
    /// </summary>
    public Task<T> ApplyAsync(T obj, string fieldManager, bool force = false, string? subresource = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(obj);
        ArgumentException.ThrowIfNullOrEmpty(fieldManager);
        return PatchAsync(
            obj.Metadata?.NamespaceProperty,
            obj.Metadata?.Name ?? throw new ArgumentException("The object has no name.", nameof(obj)),
            Patches.Apply(obj, Resource),
            new PatchOptions { FieldManager = fieldManager, Force = force, Subresource = subresource },
            cancellationToken);
    }

    /// <summary>
    /// Deletes one object. Returns false when it was already gone. With finalizers present the object stays, marked
    /// with a <c>deletionTimestamp</c>, until they are removed.
    /// </summary>
    public async Task<bool> DeleteAsync(
        string? @namespace, string name, V1DeleteOptions? options = null, CancellationToken cancellationToken = default)
    {
        var body = options is null ? null : ApiConnection.JsonContent(KubernetesJson.Serialize(options));
        try
        {
            using var response = await SendAsync(HttpMethod.Delete, ResourcePaths.Object(Resource, @namespace, name), body, cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            return false;
        }
    }

    private async Task<T> PutAsync(T obj, string? subresource, WriteOptions? options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var path = ResourcePaths.Object(
            Resource, obj.Metadata?.NamespaceProperty, obj.Metadata?.Name ?? throw new ArgumentException("The object has no name.", nameof(obj)), subresource);
        using var response = await SendAsync(HttpMethod.Put, path + WriteQuery(options), Body(obj), cancellationToken).ConfigureAwait(false);
        return await ReadAsync<T>(response, cancellationToken).ConfigureAwait(false);
    }

    private QueryString WriteQuery(WriteOptions? options) => new QueryString()
        .Add("fieldManager", options?.FieldManager ?? DefaultFieldManager)
        .Add("dryRun", options?.DryRun == true ? "All" : null);

    private HttpContent Body(T obj) => ApiConnection.JsonContent(Patches.Serialize(obj, Resource).ToJsonString());

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, HttpContent? content, CancellationToken cancellationToken) =>
        _connection.SendAsync(method, path, content, accept: null, cancellationToken);

    private static async Task<TResult> ReadAsync<TResult>(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        return KubernetesJson.Deserialize<TResult>(body);
    }
}
