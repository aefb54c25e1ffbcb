namespace Coxswain.LocalCluster.OpenApi;

/// <summary>
/// One HTTP operation as the OpenAPI documents publish it, independent of the v2/v3 dialect:
/// its path, method, kube verb (<c>x-kubernetes-action</c>), the kind it acts on, parameters and payload schemas.
/// </summary>
public sealed record ApiOperation
{
    /// <summary>Server path with templates, e.g. "/api/v1/namespaces/{namespace}/pods/{name}".</summary>
    public required string Path { get; init; }
    /// <summary>Lower-case HTTP method: get, put, post, patch, delete.</summary>
    public required string Method { get; init; }
    /// <summary>The <c>x-kubernetes-action</c> (get, list, watch, watchlist, post, put, patch, delete, deletecollection); null for discovery.</summary>
    public string? Action { get; init; }
    public required string OperationId { get; init; }
    public required string Description { get; init; }
    /// <summary>"core_v1", "apps_v1"…; "core", "apps" for group discovery; "version" for /version.</summary>
    public required string Tag { get; init; }
    /// <summary>Published as <c>x-kubernetes-group-version-kind</c>; kubectl matches PATCH operations by it.</summary>
    public GroupVersionKind? GroupVersionKind { get; init; }
    public IReadOnlyList<ApiParameter> Parameters { get; init; } = [];
    public ModelSchema? RequestBody { get; init; }
    public IReadOnlyList<string> RequestMediaTypes { get; init; } = [];
    public IReadOnlyList<string> ResponseMediaTypes { get; init; } = [];
    public IReadOnlyList<ApiResponse> Responses { get; init; } = [];
}

/// <summary>A non-body parameter ("path" or "query") of primitive type.</summary>
public sealed record ApiParameter(string Name, string In, SchemaKind Type, string Description, bool Required = false);

/// <summary>A response by status code ("200"); <see cref="Schema"/> is null for bodiless responses (401).</summary>
public sealed record ApiResponse(string Code, string Description, ModelSchema? Schema)
{
    public static readonly ApiResponse Unauthorized = new("401", "Unauthorized", null);

    public static ApiResponse Ok(ModelSchema schema) => new("200", "OK", schema);
}
