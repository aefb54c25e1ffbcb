using k8s.Models;

namespace Coxswain.Manifests.Kruise;

/// <summary>
/// Least privilege for the manager: exactly the verbs its controllers, webhooks and certificate management use.
/// Cluster-wide rights for the workloads it reconciles; Secrets and Leases only in its own namespace.
/// </summary>
public static class KruiseRbac
{
    static readonly string[] ReadWrite = ["get", "list", "watch", "create", "update", "patch", "delete"];
    static readonly string[] StatusWrite = ["get", "update", "patch"];

    public static V1ServiceAccount ServiceAccount() => new()
    {
        ApiVersion = "v1", Kind = "ServiceAccount",
        Metadata = new V1ObjectMeta { Name = KruiseNames.ServiceAccount, NamespaceProperty = KruiseNames.Namespace },
    };

    public static V1ClusterRole ClusterRole() => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1", Kind = "ClusterRole",
        Metadata = new V1ObjectMeta { Name = KruiseNames.ClusterRole },
        Rules =
        [
            Rule("apps.kruise.io", ["clonesets"], ReadWrite),
            Rule("apps.kruise.io", ["clonesets/status"], StatusWrite),
            Rule("apps.kruise.io", ["clonesets/finalizers"], ["update"]),
            Rule("", ["pods", "persistentvolumeclaims"], ReadWrite),
            Rule("", ["pods/status"], StatusWrite),
            Rule("apps", ["controllerrevisions"], ReadWrite),
            Rule("", ["events"], ["create", "patch", "update"]),
            Rule("events.k8s.io", ["events"], ["create", "patch", "update"]),
            // The webhook certificate controller writes caBundle into these (and only these) configurations.
            Rule("admissionregistration.k8s.io", ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"],
                ["get", "list", "watch", "update", "patch"],
                [KruiseNames.MutatingWebhookConfiguration, KruiseNames.ValidatingWebhookConfiguration]),
            Rule("admissionregistration.k8s.io", ["mutatingwebhookconfigurations", "validatingwebhookconfigurations"], ["list", "watch"]),
            Rule("apiextensions.k8s.io", ["customresourcedefinitions"], ["get", "list", "watch"]),
        ],
    };

    public static V1ClusterRoleBinding ClusterRoleBinding() => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1", Kind = "ClusterRoleBinding",
        Metadata = new V1ObjectMeta { Name = KruiseNames.ClusterRoleBinding },
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "ClusterRole", Name = KruiseNames.ClusterRole },
        Subjects = [ManagerSubject()],
    };

    /// <summary>Leases for leader election and the Secret holding the webhook certificates, in kruise-system only.</summary>
    public static V1Role LeaderElectionRole() => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1", Kind = "Role",
        Metadata = new V1ObjectMeta { Name = KruiseNames.LeaderElectionRole, NamespaceProperty = KruiseNames.Namespace },
        Rules =
        [
            Rule("coordination.k8s.io", ["leases"], ReadWrite),
            Rule("", ["secrets"], ["get", "list", "watch", "create", "update", "patch"]),
        ],
    };

    public static V1RoleBinding LeaderElectionRoleBinding() => new()
    {
        ApiVersion = "rbac.authorization.k8s.io/v1", Kind = "RoleBinding",
        Metadata = new V1ObjectMeta { Name = KruiseNames.LeaderElectionRoleBinding, NamespaceProperty = KruiseNames.Namespace },
        RoleRef = new V1RoleRef { ApiGroup = "rbac.authorization.k8s.io", Kind = "Role", Name = KruiseNames.LeaderElectionRole },
        Subjects = [ManagerSubject()],
    };

    static Rbacv1Subject ManagerSubject() => new() { Kind = "ServiceAccount", Name = KruiseNames.ServiceAccount, NamespaceProperty = KruiseNames.Namespace };

    static V1PolicyRule Rule(string group, string[] resources, string[] verbs, string[]? names = null) =>
        new() { ApiGroups = [group], Resources = resources, Verbs = verbs, ResourceNames = names };
}
