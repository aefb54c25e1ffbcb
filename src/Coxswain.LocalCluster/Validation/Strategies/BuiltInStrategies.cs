using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Validation.Kinds.Admission;
using Coxswain.LocalCluster.Validation.Kinds.ApiExtensions;
using Coxswain.LocalCluster.Validation.Kinds.Apps;
using Coxswain.LocalCluster.Validation.Kinds.Coordination;
using Coxswain.LocalCluster.Validation.Kinds.Core;
using Coxswain.LocalCluster.Validation.Kinds.Discovery;
using Coxswain.LocalCluster.Validation.Kinds.Events;
using Coxswain.LocalCluster.Validation.Kinds.Pods;
using Coxswain.LocalCluster.Validation.Kinds.Policy;
using Coxswain.LocalCluster.Validation.Kinds.Services;
using Coxswain.LocalCluster.Validation.Kinds.Storage;
using Coxswain.LocalCluster.Validation.Meta;

namespace Coxswain.LocalCluster.Validation.Strategies;

/// <summary>The strategy of each built-in resource, keyed by group/resource ("pods", "leases.coordination.k8s.io").</summary>
public static class BuiltInStrategies
{
    static readonly Dictionary<string, IResourceStrategy> ByGroupResource = new()
    {
        [BuiltInResources.Namespaces.GroupResource] = new NamespaceStrategy(),
        [BuiltInResources.Pods.GroupResource] = new PodStrategy(),
        [BuiltInResources.Nodes.GroupResource] = new NodeStrategy(),
        [BuiltInResources.Services.GroupResource] = new ServiceStrategy(),
        [BuiltInResources.Endpoints.GroupResource] = new EndpointsStrategy(),
        [BuiltInResources.ConfigMaps.GroupResource] = new ConfigMapStrategy(),
        [BuiltInResources.Secrets.GroupResource] = new SecretStrategy(),
        [BuiltInResources.CoreEvents.GroupResource] = new CoreEventStrategy(),
        [BuiltInResources.ServiceAccounts.GroupResource] =
            new MetadataOnlyStrategy(new ObjectMetaRules(Namespaced: true, NameValidators.DnsSubdomain, KubeFinalizers: true)),
        [BuiltInResources.PersistentVolumeClaims.GroupResource] = new PersistentVolumeClaimStrategy(),
        [BuiltInResources.PersistentVolumes.GroupResource] = new PersistentVolumeStrategy(),
        [BuiltInResources.EventsV1.GroupResource] = new EventsV1Strategy(),
        [BuiltInResources.Leases.GroupResource] = new LeaseStrategy(),
        [BuiltInResources.EndpointSlices.GroupResource] = new EndpointSliceStrategy(),
        [BuiltInResources.ControllerRevisions.GroupResource] = new ControllerRevisionStrategy(),
        [BuiltInResources.Deployments.GroupResource] = new DeploymentStrategy(),
        [BuiltInResources.ReplicaSets.GroupResource] = new ReplicaSetStrategy(),
        [BuiltInResources.DaemonSets.GroupResource] = new DaemonSetStrategy(),
        [BuiltInResources.PodDisruptionBudgets.GroupResource] = new PodDisruptionBudgetStrategy(),
        [BuiltInResources.MutatingWebhookConfigurations.GroupResource] = new WebhookConfigurationStrategy(mutating: true),
        [BuiltInResources.ValidatingWebhookConfigurations.GroupResource] = new WebhookConfigurationStrategy(mutating: false),
        [BuiltInResources.CustomResourceDefinitions.GroupResource] = new CustomResourceDefinitionStrategy(),
        [BuiltInResources.Roles.GroupResource] = new MetadataOnlyStrategy(new ObjectMetaRules(Namespaced: true, NameValidators.PathSegment, KubeFinalizers: false)),
        [BuiltInResources.RoleBindings.GroupResource] = new MetadataOnlyStrategy(new ObjectMetaRules(Namespaced: true, NameValidators.PathSegment, KubeFinalizers: false)),
        [BuiltInResources.ClusterRoles.GroupResource] = new MetadataOnlyStrategy(new ObjectMetaRules(Namespaced: false, NameValidators.PathSegment, KubeFinalizers: false)),
        [BuiltInResources.ClusterRoleBindings.GroupResource] = new MetadataOnlyStrategy(new ObjectMetaRules(Namespaced: false, NameValidators.PathSegment, KubeFinalizers: false)),
    };

    /// <summary>
    /// The resource's strategy; resources without one (custom resources until their own validation exists) get
    /// apimachinery's generic metadata rules.
    /// </summary>
    public static IResourceStrategy For(ResourceDefinition resource) =>
        ByGroupResource.TryGetValue(resource.GroupResource, out var strategy)
            ? strategy
            : new MetadataOnlyStrategy(new ObjectMetaRules(resource.Namespaced, NameValidators.DnsSubdomain, KubeFinalizers: false));

    public static bool Has(ResourceDefinition resource) => ByGroupResource.ContainsKey(resource.GroupResource);
}
