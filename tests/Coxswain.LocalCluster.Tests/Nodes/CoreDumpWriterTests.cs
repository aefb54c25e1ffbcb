using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Kubelet;
using Coxswain.LocalCluster.Tests.Server;

namespace Coxswain.LocalCluster.Tests.Nodes;

public sealed class CoreDumpWriterTests
{
    static readonly DateTimeOffset At = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
    static readonly CrashedProcess Process = new("/usr/local/bin/my-very-long-server-name", 1, 4242, "web-0", At, 11, 1000, 2000);

    [Fact]
    public void The_pattern_specifiers_expand_as_core5_describes()
    {
        Assert.Equal("/corefile/core.my-very-long-se.1.web-0.1700000000", CorePattern.Expand(CorePattern.Default, Process));
        Assert.Equal("/c/!usr!local!bin!my-very-long-server-name-4242-11-1000-2000-%", CorePattern.Expand("/c/%E-%P-%s-%u-%g-%%", Process));
        Assert.Equal("/c/x", CorePattern.Expand("/c/x%z", Process)); // unknown specifiers vanish
    }

    static (JsonObject Pod, JsonObject Container) PodWith(string volumesJson, string mountsJson)
    {
        var container = new JsonObject { ["name"] = "app", ["image"] = "app:1", ["volumeMounts"] = JsonNode.Parse(mountsJson) };
        var pod = new JsonObject
        {
            ["metadata"] = new JsonObject { ["namespace"] = "default", ["name"] = "web-0", ["uid"] = "uid-1" },
            ["spec"] = new JsonObject { ["volumes"] = JsonNode.Parse(volumesJson), ["containers"] = new JsonArray(container) },
        };
        return (pod, container);
    }

    [Fact]
    public void A_hostPath_volume_maps_onto_the_nodes_directory_under_the_data_dir()
    {
        using var dir = new TemporaryDirectory();
        var (pod, container) = PodWith("""[{"name":"cores","hostPath":{"path":"/var/coredumps"}}]""", """[{"name":"cores","mountPath":"/corefile"}]""");
        var written = new CoreDumpWriter(dir.Path).Write("node-1", pod, container, Process, CorePattern.Default);

        Assert.NotNull(written);
        Assert.Equal("/corefile/core.my-very-long-se.1.web-0.1700000000", written.Value.ContainerPath);
        Assert.Equal(dir.File("nodes", "node-1", "var", "coredumps", "core.my-very-long-se.1.web-0.1700000000"), written.Value.HostPath);
        Assert.True(File.Exists(written.Value.HostPath));
    }

    [Fact]
    public void An_emptyDir_lives_in_the_kubelets_pod_directory_and_subPath_is_followed()
    {
        using var dir = new TemporaryDirectory();
        var (pod, container) = PodWith("""[{"name":"scratch","emptyDir":{}}]""", """[{"name":"scratch","mountPath":"/corefile","subPath":"dumps"}]""");
        var written = new CoreDumpWriter(dir.Path).Write("node-1", pod, container, Process, "/corefile/core");

        Assert.Equal(dir.File("nodes", "node-1", "var", "lib", "kubelet", "pods", "uid-1", "volumes", "kubernetes.io~empty-dir", "scratch", "dumps", "core"),
            written?.HostPath);
    }

    [Theory]
    [InlineData("""[{"name":"cores","mountPath":"/elsewhere"}]""", "/corefile/core")]     // not on a volume: lost with the container
    [InlineData("""[{"name":"cores","mountPath":"/corefile","readOnly":true}]""", "/corefile/core")]
    [InlineData("""[{"name":"cores","mountPath":"/corefile"}]""", "|/usr/bin/collector %p")] // piped to a program
    [InlineData("""[{"name":"cores","mountPath":"/corefile"}]""", "/corefile/../../../../../etc/core")]
    public void Nothing_is_written_where_the_kernel_could_not_or_would_not_leave_a_file(string mounts, string pattern)
    {
        using var dir = new TemporaryDirectory();
        var (pod, container) = PodWith("""[{"name":"cores","hostPath":{"path":"/var/coredumps"}}]""", mounts);
        Assert.Null(new CoreDumpWriter(dir.Path).Write("node-1", pod, container, Process, pattern));
    }
}
