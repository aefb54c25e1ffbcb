namespace Coxswain.LocalCluster.OpenApi;

/// <summary>
/// The package prefixes kube-openapi puts in front of definition names ("io.k8s.api.apps.v1" + ".Deployment"),
/// derived from an API group and version, plus the set of types that live in apimachinery rather than k8s.io/api.
/// </summary>
public static class KubernetesApiPackages
{
    public const string MetaV1 = "io.k8s.apimachinery.pkg.apis.meta.v1";

    /// <summary>
    /// Every type of k8s.io/apimachinery/pkg/apis/meta/v1 (by kind name). KubernetesClient names them like any
    /// other v1 model (V1ObjectMeta, V1Status…) and even tags some with a core GVK, so they must be recognised by name.
    /// </summary>
    static readonly HashSet<string> MetaV1Types =
    [
        "APIGroup", "APIGroupList", "APIResource", "APIResourceList", "APIVersions", "ApplyOptions", "Condition",
        "CreateOptions", "DeleteOptions", "Duration", "FieldSelectorRequirement", "FieldsV1", "GetOptions", "GroupKind",
        "GroupResource", "GroupVersion", "GroupVersionForDiscovery", "GroupVersionKind", "GroupVersionResource",
        "InternalEvent", "LabelSelector", "LabelSelectorRequirement", "List", "ListMeta", "ListOptions",
        "ManagedFieldsEntry", "MicroTime", "ObjectMeta", "OwnerReference", "PartialObjectMetadata",
        "PartialObjectMetadataList", "Patch", "PatchOptions", "Preconditions", "RootPaths", "ServerAddressByClientCIDR",
        "Status", "StatusCause", "StatusDetails", "Table", "TableColumnDefinition", "TableOptions", "TableRow",
        "TableRowCondition", "Time", "Timestamp", "TypeMeta", "UpdateOptions", "WatchEvent",
    ];

    /// <summary>Groups whose types are not generated into io.k8s.api.&lt;first label&gt;.</summary>
    static readonly Dictionary<string, string> IrregularGroupPackages = new(StringComparer.Ordinal)
    {
        [""] = "io.k8s.api.core",
        ["apiextensions.k8s.io"] = "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions",
        ["apiregistration.k8s.io"] = "io.k8s.kube-aggregator.pkg.apis.apiregistration",
        ["internal.apiserver.k8s.io"] = "io.k8s.api.apiserverinternal",
    };

    /// <summary>Whether a v1 type of this kind name belongs to apimachinery's meta/v1 package.</summary>
    public static bool IsMetaV1Type(string typeName) => MetaV1Types.Contains(typeName);

    /// <summary>
    /// The definition-name prefix for a group version: "io.k8s.api.core.v1", "io.k8s.api.apps.v1",
    /// and for groups outside Kubernetes the reversed domain kube-openapi uses for CRDs ("io.openkruise.apps.v1alpha1").
    /// </summary>
    public static string ForGroupVersion(string group, string version)
    {
        if (IrregularGroupPackages.TryGetValue(group, out var irregular)) return $"{irregular}.{version}";
        if (IsKubernetesGroup(group)) return $"io.k8s.api.{group.Split('.')[0]}.{version}";
        return $"{string.Join('.', group.Split('.').Reverse())}.{version}";
    }

    /// <summary>Groups served by kube-apiserver itself: the legacy single-word groups and *.k8s.io.</summary>
    public static bool IsKubernetesGroup(string group) =>
        group.Length == 0 || !group.Contains('.') || group.EndsWith(".k8s.io", StringComparison.Ordinal);
}
