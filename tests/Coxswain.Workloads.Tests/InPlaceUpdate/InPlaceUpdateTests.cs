using Coxswain.Apis.Apps;
using Coxswain.Apis.Apps.Pub;
using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.Runtime.Workloads;
using Coxswain.Workloads.InPlaceUpdate;
using Coxswain.Workloads.Tests.Support;
using k8s;
using k8s.Models;

namespace Coxswain.Workloads.Tests.InPlaceUpdate;

public class InPlaceUpdateTests
{
    static V1ControllerRevision Revision(string name, Action<CloneSet>? change = null)
    {
        var cloneSet = TestCloneSets.Defaulted("web");
        cloneSet.Metadata.Uid = "uid";
        change?.Invoke(cloneSet);
        var revision = ControllerRevisions.New(cloneSet, null, ControllerRevisions.TemplatePatch(cloneSet.Spec.Template), 1, 0);
        revision.Metadata.Name = name;
        return revision;
    }

    [Fact]
    public void An_image_change_is_updated_in_place()
    {
        var spec = InPlaceUpdateCalculator.Calculate(Revision("web-1"), Revision("web-2", c => c.Spec.Template.Spec.Containers[0].Image = "nginx:1.26"));
        Assert.NotNull(spec);
        Assert.Equal("web-2", spec.Revision);
        Assert.Equal(new Dictionary<string, string> { ["main"] = "nginx:1.26" }, spec.ContainerImages);
        Assert.False(spec.IsMetadataOnly);
    }

    [Fact]
    public void A_label_change_is_a_metadata_only_update()
    {
        var spec = InPlaceUpdateCalculator.Calculate(Revision("web-1"), Revision("web-2", c => c.Spec.Template.Metadata.Labels["version"] = "2"));
        Assert.NotNull(spec);
        Assert.True(spec.IsMetadataOnly);
        Assert.Equal("2", spec.MetadataChanges!.Labels["version"]);
    }

    [Fact]
    public void Other_spec_changes_need_recreation()
    {
        Assert.Null(InPlaceUpdateCalculator.Calculate(Revision("web-1"),
            Revision("web-2", c => c.Spec.Template.Spec.Containers[0].Env = [new V1EnvVar { Name = "A", Value = "1" }])));
        Assert.Null(InPlaceUpdateCalculator.Calculate(Revision("web-1"),
            Revision("web-2", c => c.Spec.Template.Spec.Containers.Add(new V1Container { Name = "side", Image = "busybox" }))));
        Assert.Null(InPlaceUpdateCalculator.Calculate(null, Revision("web-2")));
    }

    [Fact]
    public void The_state_annotation_has_OpenKruise_s_JSON_shape()
    {
        var state = new InPlaceUpdateState
        {
            Revision = "web-2",
            UpdateTimestamp = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc),
            LastContainerStatuses = new Dictionary<string, InPlaceUpdateContainerStatus> { ["main"] = new() { ImageId = "sha256:old" } },
            UpdateImages = true,
        };
        Assert.Equal(
            """{"revision":"web-2","updateTimestamp":"2026-01-01T00:00:00Z","lastContainerStatuses":{"main":{"imageID":"sha256:old"}},"updateImages":true}""",
            KubernetesJson.Serialize(state));
    }

    [Fact]
    public void Completion_waits_for_a_new_imageID()
    {
        var pod = TestPods.Pod("web-a", "web-2");
        pod.Spec.Containers[0].Image = "nginx:1.26";
        pod.Status.ContainerStatuses[0].Image = "nginx:1.25";
        pod.Status.ContainerStatuses[0].ImageID = "sha256:old";
        pod.Metadata.Annotations = new Dictionary<string, string>
        {
            [KruiseAnnotations.InPlaceUpdateState] = """{"revision":"web-2","updateTimestamp":"2026-01-01T00:00:00Z","lastContainerStatuses":{"main":{"imageID":"sha256:old"}}}""",
        };
        Assert.Equal("container main imageID not changed", InPlaceUpdateCompletion.Incomplete(pod));
        pod.Status.ContainerStatuses[0].Image = "nginx:1.26";
        pod.Status.ContainerStatuses[0].ImageID = "sha256:new";
        Assert.Null(InPlaceUpdateCompletion.Incomplete(pod));
        pod.Metadata.Annotations[KruiseAnnotations.InPlaceUpdateGrace] = "{}";
        Assert.Equal("grace period not passed", InPlaceUpdateCompletion.Incomplete(pod));
    }

    [Fact]
    public void The_readiness_gate_is_injected_once()
    {
        var spec = new V1PodSpec();
        InPlaceUpdateReadiness.InjectReadinessGate(spec);
        InPlaceUpdateReadiness.InjectReadinessGate(spec);
        Assert.Equal(KruisePodConditions.InPlaceUpdateReady, Assert.Single(spec.ReadinessGates).ConditionType);
    }
}
