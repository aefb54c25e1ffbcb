using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.Workloads.Tests.Support;
using k8s;

namespace Coxswain.Workloads.Tests.Apis;

public class CloneSetDefaultsTests
{
    [Fact]
    public void Defaults_match_OpenKruise_SetDefaultsCloneSet()
    {
        var cloneSet = TestCloneSets.New("web");
        cloneSet.Spec.Replicas = null;
        CloneSetDefaults.Apply(cloneSet, injectTemplateDefaults: true);

        var spec = cloneSet.Spec;
        Assert.Equal(1, spec.Replicas);
        Assert.Equal(10, spec.RevisionHistoryLimit);
        Assert.Equal("ReCreate", spec.UpdateStrategy.Type);
        Assert.Equal("20%", spec.UpdateStrategy.MaxUnavailable?.Value);
        Assert.Equal("0", spec.UpdateStrategy.MaxSurge?.Value);
        Assert.Equal("0", spec.UpdateStrategy.Partition?.Value);
        Assert.Null(spec.UpdateStrategy.InPlaceUpdateStrategy);
        // Kubernetes' pod spec defaults, through the local API server's SetDefaults_PodSpec.
        var podSpec = spec.Template.Spec;
        Assert.Equal("Always", podSpec.RestartPolicy);
        Assert.Equal("ClusterFirst", podSpec.DnsPolicy);
        Assert.Equal(30, podSpec.TerminationGracePeriodSeconds);
        Assert.Equal("IfNotPresent", podSpec.Containers[0].ImagePullPolicy);
        Assert.Equal("/dev/termination-log", podSpec.Containers[0].TerminationMessagePath);
    }

    [Fact]
    public void In_place_types_get_an_empty_in_place_update_strategy()
    {
        var cloneSet = TestCloneSets.New("web");
        cloneSet.Spec.UpdateStrategy.Type = CloneSetUpdateStrategyTypes.InPlaceIfPossible;
        CloneSetDefaults.Apply(cloneSet, injectTemplateDefaults: false);
        Assert.NotNull(cloneSet.Spec.UpdateStrategy.InPlaceUpdateStrategy);
        Assert.Null(cloneSet.Spec.Template.Spec.RestartPolicy);
    }

    [Fact]
    public void Template_defaults_are_injected_on_create_and_on_template_changes_only()
    {
        var old = TestCloneSets.Defaulted("web");
        var scaled = TestCloneSets.Defaulted("web");
        scaled.Spec.Replicas = 5;
        Assert.False(CloneSetDefaults.ShouldInjectTemplateDefaults(scaled, old));
        var changed = TestCloneSets.Defaulted("web", image: "nginx:1.26");
        Assert.True(CloneSetDefaults.ShouldInjectTemplateDefaults(changed, old));
        Assert.True(CloneSetDefaults.ShouldInjectTemplateDefaults(changed, null));
    }

    [Fact]
    public void Serializes_with_OpenKruise_field_names()
    {
        var cloneSet = TestCloneSets.Defaulted("web");
        cloneSet.Spec.ScaleStrategy.DisablePvcReuse = true;
        var json = KubernetesJson.Serialize(cloneSet);
        Assert.Contains("\"apiVersion\":\"apps.kruise.io/v1alpha1\"", json);
        Assert.Contains("\"kind\":\"CloneSet\"", json);
        Assert.Contains("\"updateStrategy\":{\"type\":\"ReCreate\",\"partition\":0,\"maxUnavailable\":\"20%\",\"maxSurge\":0}", json);
        Assert.Contains("\"disablePVCReuse\":true", json);
        Assert.DoesNotContain("minReadySeconds", json);
    }
}
