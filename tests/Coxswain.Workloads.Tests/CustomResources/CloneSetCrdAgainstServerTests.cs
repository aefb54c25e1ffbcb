using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.Apis.CustomResources;
using Coxswain.LocalCluster.Tests.Api;
using Coxswain.LocalCluster.Tests.EndToEnd;
using Coxswain.Runtime.Client;
using Coxswain.Workloads.Tests.Support;
using k8s;

namespace Coxswain.Workloads.Tests.CustomResources;

/// <summary>The generated CRD installed in the local API server and used through the real kubectl.</summary>
public class CloneSetCrdAgainstServerTests(KubectlCluster cluster) : IClassFixture<KubectlCluster>
{
    [Fact]
    public async Task Installs_and_serves_clone_columns_and_the_scale_subresource()
    {
        await CrdInstallation.InstallAsync(cluster.Client, typeof(CloneSet));
        var kubectl = cluster.Kubectl;
        var cloneSets = new ResourceClient<CloneSet>(cluster.Client);
        var created = await cloneSets.CreateAsync(TestCloneSets.Defaulted("sample", replicas: 2).InNamespace("default"));
        Assert.Equal("20%", created.Spec.UpdateStrategy.MaxUnavailable?.Value);
        Assert.Equal("nginx:1.25", created.Spec.Template.Spec.Containers[0].Image);

        var table = await kubectl.SucceedAsync("get", "clone", "sample", "-n", "default");
        Assert.Matches(@"^NAME\s+DESIRED\s+UPDATED\s+UPDATED_READY\s+UPDATED_AVAILABLE\s+READY\s+TOTAL\s+AGE\n", table);
        Assert.Matches(@"\nsample\s+2\s+", table);
        var wide = await kubectl.SucceedAsync("get", "clonesets.apps.kruise.io", "-n", "default", "-o", "wide");
        Assert.Matches(@"AGE\s+CONTAINERS\s+IMAGES\s+SELECTOR\n", wide);
        Assert.Matches(@"main\s+nginx:1\.25", wide);

        var scaled = await kubectl.SucceedAsync("scale", "clone", "sample", "-n", "default", "--replicas=5");
        Assert.Equal("cloneset.apps.kruise.io/sample scaled\n", scaled);
        Assert.Equal(5, (await cloneSets.GetAsync("default", "sample")).Spec.Replicas);
    }
}
