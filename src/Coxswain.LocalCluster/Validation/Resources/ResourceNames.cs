using Coxswain.LocalCluster.Validation.Formats;

namespace Coxswain.LocalCluster.Validation.Resources;

/// <summary>Resource name classification from k8s.io/kubernetes/pkg/apis/core/helper.</summary>
public static class ResourceNames
{
    const string HugePagesPrefix = "hugepages-";

    static readonly HashSet<string> Standard =
    [
        "cpu", "memory", "ephemeral-storage", "requests.cpu", "requests.memory", "requests.ephemeral-storage",
        "limits.cpu", "limits.memory", "limits.ephemeral-storage", "pods", "resourcequotas", "services", "replicationcontrollers",
        "secrets", "persistentvolumeclaims", "configmaps", "storage", "requests.storage", "services.nodeports", "services.loadbalancers",
    ];

    static readonly HashSet<string> StandardContainer = ["cpu", "memory", "ephemeral-storage"];

    static readonly HashSet<string> Integer =
    [
        "pods", "resourcequotas", "services", "replicationcontrollers", "secrets", "configmaps", "persistentvolumeclaims",
        "services.nodeports", "services.loadbalancers",
    ];

    public static bool IsHugePages(string name) => name.StartsWith(HugePagesPrefix, StringComparison.Ordinal);

    public static bool IsStandard(string name) =>
        Standard.Contains(name) || IsHugePages(name) || name.StartsWith("requests." + HugePagesPrefix, StringComparison.Ordinal);

    public static bool IsStandardContainer(string name) => StandardContainer.Contains(name) || IsHugePages(name);

    /// <summary>Unprefixed names and names in the kubernetes.io namespace belong to Kubernetes itself.</summary>
    public static bool IsNative(string name) => !name.Contains('/') || name.Contains("kubernetes.io/", StringComparison.Ordinal);

    /// <summary>Device-plugin style resources such as example.com/gpu.</summary>
    public static bool IsExtended(string name) =>
        !IsNative(name) && !name.StartsWith("requests.", StringComparison.Ordinal) && LabelFormats.IsQualifiedName("requests." + name).Count == 0;

    /// <summary>Only native, non-hugepage resources may be requested below their limit.</summary>
    public static bool IsOvercommitAllowed(string name) => IsNative(name) && !IsHugePages(name);

    public static bool IsInteger(string name) => Integer.Contains(name) || IsExtended(name);
}
