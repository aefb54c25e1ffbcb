using System.Collections.Frozen;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Tables.Printers;

namespace Coxswain.LocalCluster.Tables;

/// <summary>
/// Which printer renders which resource, keyed by group and resource (not version, as kube-apiserver prints
/// every version of a resource alike). Resources without an entry get <see cref="DefaultTablePrinter"/>;
/// custom resources get a <see cref="CustomResourceTablePrinter"/> built from their CRD instead.
/// </summary>
public static class TablePrinters
{
    static readonly FrozenDictionary<(string Group, string Resource), ITablePrinter> BuiltIn =
        new Dictionary<(string, string), ITablePrinter>
        {
            [("", "pods")] = PodTablePrinter.Instance,
            [("", "nodes")] = NodeTablePrinter.Instance,
            [("", "namespaces")] = NamespaceTablePrinter.Instance,
            [("", "services")] = ServiceTablePrinter.Instance,
            [("", "endpoints")] = EndpointsTablePrinter.Instance,
            [("", "configmaps")] = ConfigMapTablePrinter.Instance,
            [("", "secrets")] = SecretTablePrinter.Instance,
            [("", "events")] = EventTablePrinter.CoreV1,
            [("", "serviceaccounts")] = ServiceAccountTablePrinter.Instance,
            [("", "persistentvolumeclaims")] = PersistentVolumeClaimTablePrinter.Instance,
            [("", "persistentvolumes")] = PersistentVolumeTablePrinter.Instance,
            [("events.k8s.io", "events")] = EventTablePrinter.EventsV1,
            [("coordination.k8s.io", "leases")] = LeaseTablePrinter.Instance,
            [("discovery.k8s.io", "endpointslices")] = EndpointSliceTablePrinter.Instance,
            [("apps", "controllerrevisions")] = ControllerRevisionTablePrinter.Instance,
            [("apps", "deployments")] = DeploymentTablePrinter.Instance,
            [("apps", "replicasets")] = ReplicaSetTablePrinter.Instance,
            [("apps", "daemonsets")] = DaemonSetTablePrinter.Instance,
            [("apps", "statefulsets")] = StatefulSetTablePrinter.Instance,
            [("rbac.authorization.k8s.io", "rolebindings")] = RoleBindingTablePrinter.Instance,
            [("rbac.authorization.k8s.io", "clusterrolebindings")] = RoleBindingTablePrinter.Instance,
            [("policy", "poddisruptionbudgets")] = PodDisruptionBudgetTablePrinter.Instance,
            [("admissionregistration.k8s.io", "mutatingwebhookconfigurations")] = WebhookConfigurationTablePrinter.Instance,
            [("admissionregistration.k8s.io", "validatingwebhookconfigurations")] = WebhookConfigurationTablePrinter.Instance,
        }.ToFrozenDictionary();

    /// <summary>The printer of a built-in resource, or the default Name/Created At printer.</summary>
    public static ITablePrinter For(string group, string resource) =>
        BuiltIn.GetValueOrDefault((group, resource)) ?? DefaultTablePrinter.Instance;

    public static ITablePrinter For(ResourceDefinition resource) => For(resource.Group, resource.Plural);
}
