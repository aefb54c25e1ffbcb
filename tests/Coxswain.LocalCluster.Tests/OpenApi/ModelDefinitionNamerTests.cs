using System.Reflection;
using System.Text.Json.Serialization;
using Coxswain.LocalCluster.OpenApi;
using k8s.Models;

namespace Coxswain.LocalCluster.Tests.OpenApi;

public class ModelDefinitionNamerTests
{
    [Theory]
    [InlineData(typeof(V1Pod), "io.k8s.api.core.v1.Pod")]
    [InlineData(typeof(V1PodSpec), "io.k8s.api.core.v1.PodSpec")]
    [InlineData(typeof(V1PodTemplateSpec), "io.k8s.api.core.v1.PodTemplateSpec")]
    [InlineData(typeof(V1ObjectMeta), "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta")]
    [InlineData(typeof(V1LabelSelector), "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector")]
    [InlineData(typeof(V1Status), "io.k8s.apimachinery.pkg.apis.meta.v1.Status")]
    [InlineData(typeof(V1DeleteOptions), "io.k8s.apimachinery.pkg.apis.meta.v1.DeleteOptions")]
    [InlineData(typeof(V1GroupResource), "io.k8s.apimachinery.pkg.apis.meta.v1.GroupResource")]
    [InlineData(typeof(V1Deployment), "io.k8s.api.apps.v1.Deployment")]
    [InlineData(typeof(V1DeploymentSpec), "io.k8s.api.apps.v1.DeploymentSpec")]
    [InlineData(typeof(Corev1Event), "io.k8s.api.core.v1.Event")]
    [InlineData(typeof(Eventsv1Event), "io.k8s.api.events.v1.Event")]
    [InlineData(typeof(Eventsv1EventSeries), "io.k8s.api.events.v1.EventSeries")]
    [InlineData(typeof(Admissionregistrationv1ServiceReference), "io.k8s.api.admissionregistration.v1.ServiceReference")]
    [InlineData(typeof(Apiextensionsv1ServiceReference), "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.ServiceReference")]
    [InlineData(typeof(V1JSONSchemaProps), "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.JSONSchemaProps")]
    [InlineData(typeof(V1CustomResourceDefinition), "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition")]
    [InlineData(typeof(V1APIService), "io.k8s.kube-aggregator.pkg.apis.apiregistration.v1.APIService")]
    [InlineData(typeof(V1LeaseSpec), "io.k8s.api.coordination.v1.LeaseSpec")]
    [InlineData(typeof(V1TopologySelectorTerm), "io.k8s.api.core.v1.TopologySelectorTerm")]
    [InlineData(typeof(V2HorizontalPodAutoscalerSpec), "io.k8s.api.autoscaling.v2.HorizontalPodAutoscalerSpec")]
    [InlineData(typeof(V1Scale), "io.k8s.api.autoscaling.v1.Scale")]
    [InlineData(typeof(V1Eviction), "io.k8s.api.policy.v1.Eviction")]
    [InlineData(typeof(VersionInfo), "io.k8s.apimachinery.pkg.version.Info")]
    public void Names_models_like_kube_openapi(Type model, string expected) =>
        Assert.Equal(expected, ModelDefinitionNamer.NameOf(model));

    [KubernetesEntity(Group = "apps.kruise.io", ApiVersion = "v1alpha1", Kind = "CloneSet", PluralName = "clonesets")]
    sealed class CloneSet
    {
        [JsonPropertyName("spec")] public CloneSetSpec? Spec { get; set; }
    }

    sealed class CloneSetSpec
    {
        [JsonPropertyName("replicas")] public int? Replicas { get; set; }
    }

    [Fact]
    public void Names_custom_kinds_by_reversed_group_and_other_types_by_clr_name()
    {
        Assert.Equal("io.kruise.apps.v1alpha1.CloneSet", ModelDefinitionNamer.NameOf(typeof(CloneSet)));
        Assert.Equal(typeof(CloneSetSpec).FullName!.Replace('+', '.'), ModelDefinitionNamer.NameOf(typeof(CloneSetSpec)));
    }

    [Fact]
    public void No_two_KubernetesClient_models_share_a_definition_name()
    {
        var models = typeof(V1Pod).Assembly.GetExportedTypes()
            .Where(t => t.IsClass && t.Namespace == "k8s.Models" && t.GetProperties().Any(p => Attribute.IsDefined(p, typeof(JsonPropertyNameAttribute))));
        var clashes = models.GroupBy(ModelDefinitionNamer.NameOf).Where(g => g.Count() > 1)
            .Select(g => $"{g.Key}: {string.Join(", ", g.Select(t => t.Name))}").ToList();
        Assert.Empty(clashes);
    }

    [Fact]
    public void Root_kinds_are_named_from_their_group_version_kind()
    {
        foreach (var type in typeof(V1Pod).Assembly.GetExportedTypes())
        {
            if (type.GetCustomAttribute<KubernetesEntityAttribute>() is not { } entity) continue;
            var name = ModelDefinitionNamer.NameOf(type);
            if (name.StartsWith(KubernetesApiPackages.MetaV1, StringComparison.Ordinal)) continue;
            Assert.Equal($"{KubernetesApiPackages.ForGroupVersion(entity.Group, entity.ApiVersion)}.{entity.Kind}", name);
        }
    }

    [Theory]
    [InlineData("", "v1", "io.k8s.api.core.v1")]
    [InlineData("apps", "v1", "io.k8s.api.apps.v1")]
    [InlineData("rbac.authorization.k8s.io", "v1", "io.k8s.api.rbac.v1")]
    [InlineData("internal.apiserver.k8s.io", "v1alpha1", "io.k8s.api.apiserverinternal.v1alpha1")]
    [InlineData("apps.kruise.io", "v1beta1", "io.kruise.apps.v1beta1")]
    public void Packages_follow_the_group(string group, string version, string expected) =>
        Assert.Equal(expected, KubernetesApiPackages.ForGroupVersion(group, version));
}
