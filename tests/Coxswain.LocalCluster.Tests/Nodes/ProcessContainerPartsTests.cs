using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Kubelet.Processes;
using FsCheck;
using FsCheck.Xunit;

namespace Coxswain.LocalCluster.Tests.Nodes;

/// <summary>The pure rules of process-backed containers: $(VAR) expansion, the command line, the image, loopback pod IPs.</summary>
public sealed class ProcessContainerPartsTests
{
    static string? Lookup(string name) => name switch { "A" => "1", "NS" => "kruise-system", _ => null };

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("$(A)", "1")]
    [InlineData("--namespace=$(NS)", "--namespace=kruise-system")]
    [InlineData("$(MISSING)", "$(MISSING)")]
    [InlineData("$$(A)", "$(A)")]
    [InlineData("$$", "$")]
    [InlineData("a$b", "a$b")]
    [InlineData("$(A", "$(A")]
    [InlineData("$", "$")]
    [InlineData("$(A)$(A)-$(NS)", "11-kruise-system")]
    public void Variable_references_expand_as_the_kubelet_expands_them(string input, string expected) =>
        Assert.Equal(expected, VariableExpansion.Expand(input, Lookup));

    [Property]
    public bool Text_without_a_dollar_is_left_alone(NonNull<string> text) =>
        text.Get.Contains('$') || VariableExpansion.Expand(text.Get, Lookup) == text.Get;

    static JsonObject Container(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void Args_are_the_clis_arguments_and_a_command_must_be_the_entrypoint()
    {
        KeyValuePair<string, string>[] env = [new("NS", "kruise-system")];
        Assert.Equal(["manager", "--namespace=kruise-system"],
            ContainerCommandLine.For(Container("""{"args":["manager","--namespace=$(NS)"]}"""), env).Arguments);
        Assert.Equal(["manager", "--leader-elect"],
            ContainerCommandLine.For(Container("""{"command":["/usr/local/bin/coxswain","manager"],"args":["--leader-elect"]}"""), env).Arguments);
        Assert.Equal(["version"], ContainerCommandLine.For(Container("""{"command":["coxswain"],"args":["version"]}"""), env).Arguments);

        var (arguments, error) = ContainerCommandLine.For(Container("""{"command":["manager"]}"""), env);
        Assert.Null(arguments);
        Assert.Contains("exec: \"manager\": executable file not found in $PATH: unknown", error);
    }

    [Theory]
    [InlineData("coxswain.local/coxswain:v0.1.0", true)]
    [InlineData("coxswain.local/coxswain", true)]
    [InlineData("coxswain.local/coxswain@sha256:0123", true)]
    [InlineData("coxswain.local/other:v1", false)]
    [InlineData("coxswain", false)]
    [InlineData("nginx:1.27", false)]
    public void Only_coxswains_own_image_runs_as_a_process(string image, bool isProcess) =>
        Assert.Equal(isProcess, new ProcessContainerOptions().IsProcessImage(image));

    [Fact]
    public void Loopback_pod_ips_are_distinct_skip_network_and_broadcast_parts_and_come_back_last()
    {
        var ips = new LoopbackIpAllocator(10);
        var first = ips.Allocate();
        Assert.Equal("127.10.0.1", first);
        var handed = Enumerable.Range(0, 600).Select(_ => ips.Allocate()!).ToList();
        Assert.Equal(handed.Count, handed.Distinct().Count());
        Assert.DoesNotContain(handed, ip => ip.EndsWith(".0", StringComparison.Ordinal) || ip.EndsWith(".255", StringComparison.Ordinal));
        Assert.Contains("127.10.1.1", handed);

        ips.Release(first!);
        Assert.NotEqual(first, ips.Allocate()); // a released address is not the next one handed out
        Assert.False(ips.Reserve("10.244.1.2"));
        Assert.True(ips.Reserve("127.10.9.9"));
    }
}
