using k8s.Models;

namespace Coxswain.LocalCluster.Api;

/// <summary>The built-in resources the local cluster serves, with the discovery facts kube-apiserver publishes for them.</summary>
public static class BuiltInResources
{
    public static readonly ResourceDefinition Namespaces = new()
    {
        Group = "", Version = "v1", Kind = "Namespace", Plural = "namespaces", Singular = "namespace", Namespaced = false,
        ShortNames = ["ns"], Subresources = ["status", "finalize"], ModelType = typeof(V1Namespace),
        Verbs = ["create", "delete", "get", "list", "patch", "update", "watch"],
    };

    public static readonly ResourceDefinition Pods = new()
    {
        Group = "", Version = "v1", Kind = "Pod", Plural = "pods", Singular = "pod", Namespaced = true,
        ShortNames = ["po"], Categories = ["all"], Subresources = ["status", "log", "binding", "eviction", "portforward"], ModelType = typeof(V1Pod),
    };

    public static readonly ResourceDefinition Nodes = new()
    {
        Group = "", Version = "v1", Kind = "Node", Plural = "nodes", Singular = "node", Namespaced = false,
        ShortNames = ["no"], Subresources = ["status"], ModelType = typeof(V1Node),
    };

    public static readonly ResourceDefinition Services = new()
    {
        Group = "", Version = "v1", Kind = "Service", Plural = "services", Singular = "service", Namespaced = true,
        ShortNames = ["svc"], Categories = ["all"], Subresources = ["status"], ModelType = typeof(V1Service),
        Verbs = ["create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"],
    };

    public static readonly ResourceDefinition Endpoints = new()
    {
        Group = "", Version = "v1", Kind = "Endpoints", Plural = "endpoints", Singular = "endpoints", Namespaced = true,
        ShortNames = ["ep"], ModelType = typeof(V1Endpoints),
    };

    public static readonly ResourceDefinition ConfigMaps = new()
    {
        Group = "", Version = "v1", Kind = "ConfigMap", Plural = "configmaps", Singular = "configmap", Namespaced = true,
        ShortNames = ["cm"], ModelType = typeof(V1ConfigMap),
    };

    public static readonly ResourceDefinition Secrets = new()
    {
        Group = "", Version = "v1", Kind = "Secret", Plural = "secrets", Singular = "secret", Namespaced = true,
        ModelType = typeof(V1Secret),
    };

    public static readonly ResourceDefinition CoreEvents = new()
    {
        Group = "", Version = "v1", Kind = "Event", Plural = "events", Singular = "event", Namespaced = true,
        ShortNames = ["ev"], ModelType = typeof(Corev1Event),
    };

    public static readonly ResourceDefinition ServiceAccounts = new()
    {
        Group = "", Version = "v1", Kind = "ServiceAccount", Plural = "serviceaccounts", Singular = "serviceaccount", Namespaced = true,
        ShortNames = ["sa"], ModelType = typeof(V1ServiceAccount),
    };

    public static readonly ResourceDefinition PersistentVolumeClaims = new()
    {
        Group = "", Version = "v1", Kind = "PersistentVolumeClaim", Plural = "persistentvolumeclaims", Singular = "persistentvolumeclaim",
        Namespaced = true, ShortNames = ["pvc"], Subresources = ["status"], ModelType = typeof(V1PersistentVolumeClaim),
    };

    public static readonly ResourceDefinition PersistentVolumes = new()
    {
        Group = "", Version = "v1", Kind = "PersistentVolume", Plural = "persistentvolumes", Singular = "persistentvolume",
        Namespaced = false, ShortNames = ["pv"], Subresources = ["status"], ModelType = typeof(V1PersistentVolume),
    };

    public static readonly ResourceDefinition EventsV1 = new()
    {
        Group = "events.k8s.io", Version = "v1", Kind = "Event", Plural = "events", Singular = "event", Namespaced = true,
        ShortNames = ["ev"], ModelType = typeof(Eventsv1Event), StoredAs = CoreEvents,
    };

    public static readonly ResourceDefinition Leases = new()
    {
        Group = "coordination.k8s.io", Version = "v1", Kind = "Lease", Plural = "leases", Singular = "lease", Namespaced = true,
        ModelType = typeof(V1Lease),
    };

    public static readonly ResourceDefinition EndpointSlices = new()
    {
        Group = "discovery.k8s.io", Version = "v1", Kind = "EndpointSlice", Plural = "endpointslices", Singular = "endpointslice",
        Namespaced = true, ModelType = typeof(V1EndpointSlice),
    };

    public static readonly ResourceDefinition ControllerRevisions = new()
    {
        Group = "apps", Version = "v1", Kind = "ControllerRevision", Plural = "controllerrevisions", Singular = "controllerrevision",
        Namespaced = true, ModelType = typeof(V1ControllerRevision),
    };

    public static readonly ResourceDefinition Deployments = new()
    {
        Group = "apps", Version = "v1", Kind = "Deployment", Plural = "deployments", Singular = "deployment", Namespaced = true,
        ShortNames = ["deploy"], Categories = ["all"], Subresources = ["status", "scale"], ModelType = typeof(V1Deployment),
    };

    public static readonly ResourceDefinition ReplicaSets = new()
    {
        Group = "apps", Version = "v1", Kind = "ReplicaSet", Plural = "replicasets", Singular = "replicaset", Namespaced = true,
        ShortNames = ["rs"], Categories = ["all"], Subresources = ["status", "scale"], ModelType = typeof(V1ReplicaSet),
    };

    public static readonly ResourceDefinition DaemonSets = new()
    {
        Group = "apps", Version = "v1", Kind = "DaemonSet", Plural = "daemonsets", Singular = "daemonset", Namespaced = true,
        ShortNames = ["ds"], Categories = ["all"], Subresources = ["status"], ModelType = typeof(V1DaemonSet),
    };

    public static readonly ResourceDefinition PodDisruptionBudgets = new()
    {
        Group = "policy", Version = "v1", Kind = "PodDisruptionBudget", Plural = "poddisruptionbudgets", Singular = "poddisruptionbudget",
        Namespaced = true, ShortNames = ["pdb"], Subresources = ["status"], ModelType = typeof(V1PodDisruptionBudget),
    };

    public static readonly ResourceDefinition MutatingWebhookConfigurations = new()
    {
        Group = "admissionregistration.k8s.io", Version = "v1", Kind = "MutatingWebhookConfiguration",
        Plural = "mutatingwebhookconfigurations", Singular = "mutatingwebhookconfiguration", Namespaced = false,
        ModelType = typeof(V1MutatingWebhookConfiguration),
    };

    public static readonly ResourceDefinition ValidatingWebhookConfigurations = new()
    {
        Group = "admissionregistration.k8s.io", Version = "v1", Kind = "ValidatingWebhookConfiguration",
        Plural = "validatingwebhookconfigurations", Singular = "validatingwebhookconfiguration", Namespaced = false,
        ModelType = typeof(V1ValidatingWebhookConfiguration),
    };

    // RBAC objects are stored and served so installs apply unchanged; the local cluster has one administrator and does not
    // authorize requests by them.
    public static readonly ResourceDefinition Roles = new()
    {
        Group = "rbac.authorization.k8s.io", Version = "v1", Kind = "Role", Plural = "roles", Singular = "role", Namespaced = true,
        ModelType = typeof(V1Role),
    };

    public static readonly ResourceDefinition RoleBindings = new()
    {
        Group = "rbac.authorization.k8s.io", Version = "v1", Kind = "RoleBinding", Plural = "rolebindings", Singular = "rolebinding",
        Namespaced = true, ModelType = typeof(V1RoleBinding),
    };

    public static readonly ResourceDefinition ClusterRoles = new()
    {
        Group = "rbac.authorization.k8s.io", Version = "v1", Kind = "ClusterRole", Plural = "clusterroles", Singular = "clusterrole",
        Namespaced = false, ModelType = typeof(V1ClusterRole),
    };

    public static readonly ResourceDefinition ClusterRoleBindings = new()
    {
        Group = "rbac.authorization.k8s.io", Version = "v1", Kind = "ClusterRoleBinding", Plural = "clusterrolebindings",
        Singular = "clusterrolebinding", Namespaced = false, ModelType = typeof(V1ClusterRoleBinding),
    };

    public static readonly ResourceDefinition CustomResourceDefinitions = new()
    {
        Group = "apiextensions.k8s.io", Version = "v1", Kind = "CustomResourceDefinition", Plural = "customresourcedefinitions",
        Singular = "customresourcedefinition", Namespaced = false, ShortNames = ["crd", "crds"], Categories = ["api-extensions"],
        Subresources = ["status"], ModelType = typeof(V1CustomResourceDefinition),
    };

    /// <summary>Every built-in resource, in the order discovery lists them.</summary>
    public static readonly IReadOnlyList<ResourceDefinition> All =
    [
        Namespaces, Pods, Nodes, Services, Endpoints, ConfigMaps, Secrets, CoreEvents, ServiceAccounts,
        PersistentVolumeClaims, PersistentVolumes, EventsV1, Leases, EndpointSlices, ControllerRevisions, Deployments, ReplicaSets, DaemonSets,
        PodDisruptionBudgets, MutatingWebhookConfigurations, ValidatingWebhookConfigurations, CustomResourceDefinitions,
        Roles, RoleBindings, ClusterRoles, ClusterRoleBindings,
    ];
}
