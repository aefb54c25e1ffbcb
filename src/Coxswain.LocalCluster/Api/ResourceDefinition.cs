namespace Coxswain.LocalCluster.Api;

/// <summary>
/// Everything the server needs to know about one served resource (a group/version/plural triple):
/// how it is addressed, what discovery says about it, and which CLR model validates it.
/// Built-in resources come from <see cref="BuiltInResources"/>; custom resources will be added at run time.
/// </summary>
public sealed record ResourceDefinition
{
    /// <summary>API group; "" for the core group.</summary>
    public required string Group { get; init; }
    public required string Version { get; init; }
    public required string Kind { get; init; }
    /// <summary>Lower-case plural used in URLs, e.g. "pods".</summary>
    public required string Plural { get; init; }
    public required string Singular { get; init; }
    public required bool Namespaced { get; init; }
    public IReadOnlyList<string> ShortNames { get; init; } = [];
    public IReadOnlyList<string> Categories { get; init; } = [];
    public IReadOnlyList<string> Verbs { get; init; } = AllVerbs;
    /// <summary>Subresources served besides the main resource, e.g. "status", "log".</summary>
    public IReadOnlyList<string> Subresources { get; init; } = [];
    /// <summary>KubernetesClient model type used for typed decoding, OpenAPI and unknown-field detection; null for untyped resources.</summary>
    public Type? ModelType { get; init; }
    /// <summary>Set for custom resources: the CRD version's schema, subresources and printer columns.</summary>
    public CustomResources.CustomResourceVersion? Custom { get; init; }
    /// <summary>
    /// Set for a built-in served as another version of a different group's resource: events.k8s.io/v1 Events are core/v1
    /// Events in another form, one stored object (kube-apiserver registers both on the same event storage).
    /// </summary>
    public ResourceDefinition? StoredAs { get; init; }

    public string ListKind => Kind + "List";
    public string ApiVersion => Group.Length == 0 ? Version : $"{Group}/{Version}";
    public string GroupVersion => ApiVersion;
    /// <summary>"pods" for core, "deployments.apps" otherwise: the form used in error messages.</summary>
    public string GroupResource => Group.Length == 0 ? Plural : $"{Plural}.{Group}";
    /// <summary>"Pod" for core, "Deployment.apps" otherwise: the form used in Invalid (422) messages.</summary>
    public string GroupKind => Group.Length == 0 ? Kind : $"{Kind}.{Group}";
    /// <summary>The store bucket holding this resource's objects: shared by every version (and every group) serving them.</summary>
    public string Bucket => (StoredAs ?? this).GroupResource;
    /// <summary>The apiVersion objects are stored in: the CRD's storage version, the <see cref="StoredAs"/> resource's, or this one's.</summary>
    public string StorageApiVersion => Custom?.StorageApiVersion ?? StoredAs?.ApiVersion ?? ApiVersion;
    public bool HasStatus => Subresources.Contains("status");
    public bool IsCustom => Custom is not null;

    public static readonly IReadOnlyList<string> AllVerbs =
        ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"];
}
