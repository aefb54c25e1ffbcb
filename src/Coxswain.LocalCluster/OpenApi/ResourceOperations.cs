using Coxswain.LocalCluster.Api;
using k8s.Models;

namespace Coxswain.LocalCluster.OpenApi;

/// <summary>
/// The operations kube-apiserver publishes for one resource: one per verb it serves (read, list, the deprecated
/// /watch/ paths, create, replace, patch, delete, deletecollection) plus the known subresources.
/// </summary>
public static class ResourceOperations
{
    static readonly IReadOnlyList<string> JsonOnly = [OpenApiMediaTypes.Json];
    static readonly IReadOnlyList<string> JsonAndWatch = [OpenApiMediaTypes.Json, OpenApiMediaTypes.JsonWatchStream];
    static readonly IReadOnlyList<string> AnyBody = [OpenApiMediaTypes.Any];
    static readonly IReadOnlyList<string> NonStrategicPatches = [OpenApiMediaTypes.ApplyPatch, OpenApiMediaTypes.JsonPatch, OpenApiMediaTypes.MergePatch];
    static readonly IReadOnlyList<string> AllPatches = [.. NonStrategicPatches, OpenApiMediaTypes.StrategicMergePatch];

    /// <summary>The operations of <paramref name="resource"/>, whose objects and lists have the given schemas.</summary>
    public static IEnumerable<ApiOperation> For(ResourceDefinition resource, ModelSchema objectSchema, ModelSchema listSchema)
    {
        var scope = new Scope(resource);
        var verbs = resource.Verbs.ToHashSet(StringComparer.Ordinal);
        var status = ModelSchemas.For(typeof(V1Status));
        var watchEvent = ModelSchemas.For(typeof(V1WatchEvent));
        var deleteOptions = ModelSchemas.For(typeof(V1DeleteOptions));
        var kind = resource.Kind;

        if (verbs.Contains("get"))
            yield return scope.Operation(scope.Item, "get", "get", "read", $"read the specified {kind}", [], Ok(objectSchema));
        if (verbs.Contains("list"))
        {
            yield return scope.Operation(scope.Collection, "get", "list", "list", $"list or watch objects of kind {kind}",
                ApiParameters.ListOptions, Ok(listSchema)) with { ResponseMediaTypes = JsonAndWatch };
            if (resource.Namespaced)
                yield return scope.Operation(scope.AllNamespaces, "get", "list", "list", $"list or watch objects of kind {kind}",
                    ApiParameters.ListOptions, Ok(listSchema), idSuffix: "ForAllNamespaces", namespaced: false) with { ResponseMediaTypes = JsonAndWatch };
        }
        if (verbs.Contains("watch"))
        {
            const string deprecated = "deprecated: use the 'watch' parameter with a list operation instead";
            yield return scope.Operation(scope.WatchItem, "get", "watch", "watch",
                $"watch changes to an object of kind {kind}. {deprecated}, filtered to a single item with the 'fieldSelector' parameter.",
                ApiParameters.ListOptions, Ok(watchEvent)) with { ResponseMediaTypes = JsonAndWatch };
            yield return scope.Operation(scope.WatchCollection, "get", "watchlist", "watch",
                $"watch individual changes to a list of {kind}. {deprecated}.",
                ApiParameters.ListOptions, Ok(watchEvent), idSuffix: "List") with { ResponseMediaTypes = JsonAndWatch };
            if (resource.Namespaced)
                yield return scope.Operation(scope.WatchAllNamespaces, "get", "watchlist", "watch",
                    $"watch individual changes to a list of {kind}. {deprecated}.",
                    ApiParameters.ListOptions, Ok(watchEvent), idSuffix: "ListForAllNamespaces", namespaced: false) with { ResponseMediaTypes = JsonAndWatch };
        }
        if (verbs.Contains("create"))
            yield return scope.Operation(scope.Collection, "post", "post", "create", $"create a {kind}", ApiParameters.WriteOptions,
                [new("200", "OK", objectSchema), new("201", "Created", objectSchema), new("202", "Accepted", objectSchema)])
                with { RequestBody = objectSchema, RequestMediaTypes = AnyBody };
        if (verbs.Contains("update"))
            yield return scope.Operation(scope.Item, "put", "put", "replace", $"replace the specified {kind}", ApiParameters.WriteOptions,
                [new("200", "OK", objectSchema), new("201", "Created", objectSchema)])
                with { RequestBody = objectSchema, RequestMediaTypes = AnyBody };
        if (verbs.Contains("patch"))
            yield return scope.Patch(scope.Item, objectSchema, "", $"partially update the specified {kind}");
        if (verbs.Contains("delete"))
            yield return scope.Operation(scope.Item, "delete", "delete", "delete", $"delete a {kind}", ApiParameters.DeleteOptions,
                [new("200", "OK", objectSchema), new("202", "Accepted", objectSchema)])
                with { RequestBody = deleteOptions, RequestMediaTypes = AnyBody };
        if (verbs.Contains("deletecollection"))
            yield return scope.Operation(scope.Collection, "delete", "deletecollection", "delete", $"delete collection of {kind}",
                [.. ApiParameters.DeleteOptions, .. ApiParameters.ListOptions], Ok(status), idInfix: "Collection")
                with { RequestBody = deleteOptions, RequestMediaTypes = AnyBody };

        foreach (var subresource in resource.Subresources)
            foreach (var operation in SubresourceOperations(scope, subresource, objectSchema))
                yield return operation;
    }

    static IEnumerable<ApiOperation> SubresourceOperations(Scope scope, string subresource, ModelSchema objectSchema)
    {
        var kind = scope.Resource.Kind;
        var path = $"{scope.Item}/{subresource}";
        var suffix = char.ToUpperInvariant(subresource[0]) + subresource[1..];
        switch (subresource)
        {
            case "status" or "scale":
                var schema = subresource == "status" ? objectSchema : ModelSchemas.For(typeof(V1Scale));
                var gvk = subresource == "status" ? scope.Kind : new GroupVersionKind("autoscaling", "v1", "Scale");
                yield return scope.Operation(path, "get", "get", "read", $"read {subresource} of the specified {kind}", [], Ok(schema), idSuffix: suffix) with { GroupVersionKind = gvk };
                yield return scope.Operation(path, "put", "put", "replace", $"replace {subresource} of the specified {kind}", ApiParameters.WriteOptions,
                    [new("200", "OK", schema), new("201", "Created", schema)], idSuffix: suffix)
                    with { GroupVersionKind = gvk, RequestBody = schema, RequestMediaTypes = AnyBody };
                yield return scope.Patch(path, schema, suffix, $"partially update {subresource} of the specified {kind}") with { GroupVersionKind = gvk };
                break;
            case "finalize":
                yield return scope.Operation(path, "put", "put", "replace", $"replace finalize of the specified {kind}", ApiParameters.WriteOptions,
                    [new("200", "OK", objectSchema), new("201", "Created", objectSchema)], idSuffix: suffix)
                    with { RequestBody = objectSchema, RequestMediaTypes = AnyBody };
                break;
            case "binding" or "eviction":
                var body = ModelSchemas.For(subresource == "binding" ? typeof(V1Binding) : typeof(V1Eviction));
                yield return scope.Operation(path, "post", "post", "create", $"create {subresource} of a {kind}", ApiParameters.WriteOptions,
                    [new("200", "OK", body), new("201", "Created", body), new("202", "Accepted", body)], idSuffix: suffix)
                    with { GroupVersionKind = body.GroupVersionKinds.FirstOrDefault(), RequestBody = body, RequestMediaTypes = AnyBody };
                break;
            case "log":
                yield return scope.Operation(path, "get", "get", "read", $"read log of the specified {kind}", LogParameters,
                    Ok(ModelSchema.Primitive(SchemaKind.String)), idSuffix: suffix) with { ResponseMediaTypes = [OpenApiMediaTypes.PlainText] };
                break;
        }
    }

    static readonly IReadOnlyList<ApiParameter> LogParameters =
    [
        ApiParameters.Query("container", SchemaKind.String, "The container for which to stream logs. Defaults to only container if there is one container in the pod."),
        ApiParameters.Query("follow", SchemaKind.Boolean, "Follow the log stream of the pod. Defaults to false."),
        ApiParameters.Query("limitBytes", SchemaKind.Integer, "If set, the number of bytes to read from the server before terminating the log output."),
        ApiParameters.Query("previous", SchemaKind.Boolean, "Return previous terminated container logs. Defaults to false."),
        ApiParameters.Query("sinceSeconds", SchemaKind.Integer, "A relative time in seconds before the current time from which to show logs."),
        ApiParameters.Query("tailLines", SchemaKind.Integer, "If set, the number of lines from the end of the logs to show."),
        ApiParameters.Query("timestamps", SchemaKind.Boolean, "If true, add an RFC3339 or RFC3339Nano timestamp at the beginning of every line of log output. Defaults to false."),
    ];

    static IReadOnlyList<ApiResponse> Ok(ModelSchema schema) => [ApiResponse.Ok(schema)];

    /// <summary>The paths, names and scope parameters shared by all operations of one resource.</summary>
    sealed class Scope(ResourceDefinition resource)
    {
        public ResourceDefinition Resource { get; } = resource;
        public GroupVersionKind Kind { get; } = ResourceSchemas.KindOf(resource);
        readonly string prefix = OperationNaming.PathPrefix(resource.Group, resource.Version);
        readonly string groupVersion = OperationNaming.GroupVersionToken(resource.Group, resource.Version);
        readonly string tag = OperationNaming.Tag(resource.Group, resource.Version);

        string NamespacedPath(string root) =>
            Resource.Namespaced ? $"{root}/namespaces/{{namespace}}/{Resource.Plural}" : $"{root}/{Resource.Plural}";

        public string Collection => NamespacedPath(prefix);
        public string Item => Collection + "/{name}";
        public string AllNamespaces => $"{prefix}/{Resource.Plural}";
        public string WatchCollection => NamespacedPath(prefix + "/watch");
        public string WatchItem => WatchCollection + "/{name}";
        public string WatchAllNamespaces => $"{prefix}/watch/{Resource.Plural}";

        public ApiOperation Operation(string path, string method, string action, string verb, string description,
            IReadOnlyList<ApiParameter> query, IReadOnlyList<ApiResponse> responses,
            string idInfix = "", string idSuffix = "", bool namespaced = true)
        {
            var inNamespace = namespaced && Resource.Namespaced;
            var scopeParameters = new List<ApiParameter>();
            if (path.Contains("{name}", StringComparison.Ordinal)) scopeParameters.Add(ApiParameters.Name);
            if (inNamespace) scopeParameters.Add(ApiParameters.Namespace);
            scopeParameters.Add(ApiParameters.Pretty);
            return new ApiOperation
            {
                Path = path,
                Method = method,
                Action = action,
                OperationId = $"{verb}{groupVersion}{idInfix}{(inNamespace ? "Namespaced" : "")}{Resource.Kind}{idSuffix}",
                Description = description,
                Tag = tag,
                GroupVersionKind = Kind,
                Parameters = [.. scopeParameters, .. query],
                ResponseMediaTypes = JsonOnly,
                Responses = [.. responses, ApiResponse.Unauthorized],
            };
        }

        /// <summary>
        /// A PATCH operation. Its <c>fieldValidation</c> parameter is what tells kubectl the server validates fields
        /// itself; strategic merge patch is offered only for compiled-in Kubernetes kinds, as upstream does.
        /// </summary>
        public ApiOperation Patch(string path, ModelSchema schema, string idSuffix, string description) =>
            Operation(path, "patch", "patch", "patch", description,
                ApiParameters.PatchOptions, [new("200", "OK", schema), new("201", "Created", schema)], idSuffix: idSuffix)
            with
            {
                RequestBody = WellKnownSchemas.Patch,
                RequestMediaTypes = IsCompiledKubernetesKind ? AllPatches : NonStrategicPatches,
            };

        bool IsCompiledKubernetesKind =>
            Resource.ModelType?.Assembly == typeof(V1Pod).Assembly && KubernetesApiPackages.IsKubernetesGroup(Resource.Group);
    }
}
