using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tests.EndToEnd;

/// <summary>The real kubectl against the local cluster: what a user types, and what they read back.</summary>
public sealed class KubectlTests(KubectlCluster cluster) : IClassFixture<KubectlCluster>
{
    Kubectl Kubectl => cluster.Kubectl;

    static string PodYaml(string name, string image) => $"""
        apiVersion: v1
        kind: Pod
        metadata:
          name: {name}
          labels:
            app: {name}
        spec:
          containers:
          - name: main
            image: {image}
        """;

    static string ConfigMapYaml(string name) => $"""
        apiVersion: v1
        kind: ConfigMap
        metadata:
          name: {name}
        data:
          greeting: hello
        """;

    async Task<string> NamespaceAsync() => await cluster.CreateNamespaceAsync("e2e");

    [Fact]
    public async Task Version_shows_the_server_version()
    {
        var output = await Kubectl.SucceedAsync("version", "-o", "json");
        var serverVersion = JsonNode.Parse(output)!["serverVersion"]!;
        Assert.Matches(@"^v1\.\d+\.\d+", (string?)serverVersion["gitVersion"]);
        Assert.Contains("Server Version: v1.", await Kubectl.SucceedAsync("version"));
    }

    [Fact]
    public async Task Api_resources_lists_the_built_in_kinds_with_their_short_names()
    {
        var lines = (await Kubectl.SucceedAsync("api-resources", "--no-headers")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => l.Split(' ', StringSplitOptions.RemoveEmptyEntries)).ToList();
        string[] Row(string name, string apiVersion) => lines.Single(l => l[0] == name && l.Contains(apiVersion));

        Assert.Equal(["pods", "po", "v1", "true", "Pod"], Row("pods", "v1"));
        Assert.Equal(["namespaces", "ns", "v1", "false", "Namespace"], Row("namespaces", "v1"));
        Assert.Equal(["services", "svc", "v1", "true", "Service"], Row("services", "v1"));
        Assert.Equal(["leases", "coordination.k8s.io/v1", "true", "Lease"], Row("leases", "coordination.k8s.io/v1"));

        var namespaced = await Kubectl.SucceedAsync("api-resources", "--namespaced=false", "-o", "name");
        Assert.Contains("namespaces", namespaced.Split('\n'));
        Assert.DoesNotContain("pods", namespaced.Split('\n'));
    }

    [Fact]
    public async Task Create_from_a_file_and_again_prints_AlreadyExists_as_kubectl_does()
    {
        var ns = await NamespaceAsync();
        var file = cluster.Manifest($"{ns}-cm.yaml", ConfigMapYaml("settings"));
        Assert.Equal("configmap/settings created\n", await Kubectl.SucceedAsync("create", "-n", ns, "-f", file));

        var again = await Kubectl.RunAsync("create", "-n", ns, "-f", file);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal($"Error from server (AlreadyExists): error when creating \"{file}\": configmaps \"settings\" already exists\n", again.Stderr);
    }

    [Fact]
    public async Task Apply_creates_then_reports_unchanged_then_configured()
    {
        var ns = await NamespaceAsync();
        var file = cluster.Manifest($"{ns}-pod.yaml", PodYaml("web", "nginx:1.27"));
        Assert.Equal("pod/web created\n", await Kubectl.SucceedAsync("apply", "-n", ns, "-f", file));
        Assert.Equal("pod/web unchanged\n", await Kubectl.SucceedAsync("apply", "-n", ns, "-f", file));

        File.WriteAllText(file, PodYaml("web", "nginx:1.28"));
        Assert.Equal("pod/web configured\n", await Kubectl.SucceedAsync("apply", "-n", ns, "-f", file));
        Assert.Equal("nginx:1.28", await Kubectl.SucceedAsync("get", "pod", "web", "-n", ns, "-o", "jsonpath={.spec.containers[0].image}"));

        // Client-side apply keeps its record of what was applied.
        var annotation = await Kubectl.SucceedAsync("get", "pod", "web", "-n", ns, "-o",
            @"jsonpath={.metadata.annotations.kubectl\.kubernetes\.io/last-applied-configuration}");
        Assert.Contains("nginx:1.28", annotation);
    }

    [Fact]
    public async Task Get_prints_yaml_and_jsonpath()
    {
        var ns = await NamespaceAsync();
        await Kubectl.SucceedAsync("apply", "-n", ns, "-f", cluster.Manifest($"{ns}-cm.yaml", ConfigMapYaml("settings")));

        var yaml = await Kubectl.SucceedAsync("get", "configmap", "settings", "-n", ns, "-o", "yaml");
        Assert.Contains("kind: ConfigMap", yaml);
        Assert.Contains("  greeting: hello", yaml);
        Assert.Contains($"  namespace: {ns}", yaml);
        Assert.Matches(@"  resourceVersion: ""\d+""", yaml);
        Assert.Matches(@"  uid: [0-9a-f-]{36}", yaml);

        Assert.Equal("settings=hello", await Kubectl.SucceedAsync("get", "cm", "-n", ns, "-o", "jsonpath={range .items[*]}{.metadata.name}={.data.greeting}{end}"));
        Assert.Equal("configmap/settings\n", await Kubectl.SucceedAsync("get", "configmaps", "-n", ns, "-o", "name"));
    }

    [Fact]
    public async Task Get_lists_namespaces_and_says_when_there_is_nothing()
    {
        var table = await Kubectl.SucceedAsync("get", "ns");
        Assert.StartsWith("NAME", table);
        Assert.Contains("kube-system", table);

        var ns = await NamespaceAsync();
        var empty = await Kubectl.RunAsync("get", "pods", "-n", ns);
        Assert.Equal(0, empty.ExitCode);
        Assert.Equal($"No resources found in {ns} namespace.\n", empty.Stderr);
    }

    [Fact]
    public async Task Get_pods_wide_prints_the_pod_columns()
    {
        var ns = await NamespaceAsync();
        await Kubectl.SucceedAsync("apply", "-n", ns, "-f", cluster.Manifest($"{ns}-pod.yaml", PodYaml("web", "nginx:1.27")));
        var lines = (await Kubectl.SucceedAsync("get", "pods", "-n", ns, "-o", "wide")).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Matches(@"^NAME\s+READY\s+STATUS\s+RESTARTS\s+AGE\s+IP\s+NODE\s+NOMINATED NODE\s+READINESS GATES$", lines[0]);
        Assert.Matches(@"^web\s+0/1\s+Pending\s+0\s+\d+s\s+<none>\s+<none>", lines[1]);
    }

    [Fact]
    public async Task Describe_pod_shows_its_details()
    {
        var ns = await NamespaceAsync();
        await Kubectl.SucceedAsync("apply", "-n", ns, "-f", cluster.Manifest($"{ns}-pod.yaml", PodYaml("web", "nginx:1.27")));
        var description = await Kubectl.SucceedAsync("describe", "pod", "web", "-n", ns);
        Assert.Matches(@"(?m)^Name:\s+web$", description);
        Assert.Matches($@"(?m)^Namespace:\s+{ns}$", description);
        Assert.Matches(@"(?m)^Labels:\s+app=web$", description);
        Assert.Matches(@"(?m)^\s+Image:\s+nginx:1\.27$", description);
        Assert.Contains("Events:", description);
    }

    [Fact]
    public async Task Get_events_shows_and_sorts_events_written_through_either_group()
    {
        var ns = await NamespaceAsync();
        await Kubectl.SucceedAsync("apply", "-n", ns, "-f", cluster.Manifest($"{ns}-pod.yaml", PodYaml("web", "nginx:1.27")));
        var uid = await Kubectl.SucceedAsync("get", "pod", "web", "-n", ns, "-o", "jsonpath={.metadata.uid}");
        var (code, body) = await cluster.SendAsync(HttpMethod.Post, $"/apis/events.k8s.io/v1/namespaces/{ns}/events", $$"""
            {"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"web.synced"},
             "eventTime":"2026-01-01T00:00:00.000000Z","reportingController":"example.com/ctl","reportingInstance":"ctl-1",
             "action":"Sync","reason":"Synced","type":"Warning","note":"written through events.k8s.io",
             "regarding":{"apiVersion":"v1","kind":"Pod","namespace":"{{ns}}","name":"web","uid":"{{uid}}"} }
            """);
        Assert.True(code == 201, body?.ToJsonString());
        (code, body) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/events", $$"""
            {"apiVersion":"v1","kind":"Event","metadata":{"name":"web.pulled"},"reason":"Pulled","type":"Normal",
             "message":"written through core","source":{"component":"kubelet"},"count":1,
             "firstTimestamp":"2026-01-01T00:01:00Z","lastTimestamp":"2026-01-01T00:01:00Z",
             "involvedObject":{"apiVersion":"v1","kind":"Pod","namespace":"{{ns}}","name":"web","uid":"{{uid}}"} }
            """);
        Assert.True(code == 201, body?.ToJsonString());

        var table = await Kubectl.SucceedAsync("get", "events", "-n", ns);
        Assert.Matches(@"(?m)^\S+\s+Warning\s+Synced\s+pod/web\s+written through events\.k8s\.io$", table);
        Assert.Matches(@"(?m)^\S+\s+Normal\s+Pulled\s+pod/web\s+written through core$", table);

        var sorted = await Kubectl.SucceedAsync("get", "events", "-n", ns, "--sort-by=.lastTimestamp", "-o", "name");
        Assert.Equal(["event/web.synced", "event/web.pulled"], sorted.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        var viaEventsGroup = await Kubectl.SucceedAsync("get", "events.v1.events.k8s.io", "-n", ns, "--field-selector=reportingController=example.com/ctl", "-o", "name");
        Assert.Equal("event.events.k8s.io/web.synced", viaEventsGroup.Trim());
    }

    [Fact]
    public async Task Delete_removes_the_object_and_get_then_prints_NotFound_as_kubectl_does()
    {
        var ns = await NamespaceAsync();
        var file = cluster.Manifest($"{ns}-pod.yaml", PodYaml("web", "nginx:1.27"));
        await Kubectl.SucceedAsync("apply", "-n", ns, "-f", file);

        // kubectl waits for the deletion to be observed (a watch on the name) before it prints.
        Assert.Equal("pod \"web\" deleted\n", await Kubectl.SucceedAsync("delete", "pod", "web", "-n", ns));
        var missing = await Kubectl.RunAsync("get", "pod", "web", "-n", ns);
        Assert.Equal(1, missing.ExitCode);
        Assert.Equal("Error from server (NotFound): pods \"web\" not found\n", missing.Stderr);

        var again = await Kubectl.RunAsync("delete", "-n", ns, "-f", file);
        Assert.Equal(1, again.ExitCode);
        Assert.Equal($"Error from server (NotFound): error when deleting \"{file}\": pods \"web\" not found\n", again.Stderr);
    }

    [Fact]
    public async Task Deleting_a_namespace_waits_until_it_and_its_contents_are_gone()
    {
        var ns = await NamespaceAsync();
        await Kubectl.SucceedAsync("apply", "-n", ns, "-f", cluster.Manifest($"{ns}-cm.yaml", ConfigMapYaml("settings")));
        Assert.Equal($"namespace \"{ns}\" deleted\n", await Kubectl.SucceedAsync("delete", "namespace", ns));
        var gone = await Kubectl.RunAsync("get", "namespace", ns);
        Assert.Equal($"Error from server (NotFound): namespaces \"{ns}\" not found\n", gone.Stderr);
    }

    [Fact]
    public async Task Get_watch_prints_changes_as_they_happen()
    {
        var ns = await NamespaceAsync();
        using var watch = Kubectl.StartStreaming("get", "configmaps", "-n", ns, "-w", "--output-watch-events", "--no-headers");
        // kubectl prints nothing for an empty namespace; give it a moment to reach the watch before writing.
        await Task.Delay(TimeSpan.FromSeconds(1));

        await Kubectl.SucceedAsync("apply", "-n", ns, "-f", cluster.Manifest($"{ns}-a.yaml", ConfigMapYaml("first")));
        await watch.WaitForLineAsync(l => l.StartsWith("ADDED") && l.Contains("first"));

        await Kubectl.SucceedAsync("apply", "-n", ns, "-f", cluster.Manifest($"{ns}-b.yaml", ConfigMapYaml("second")));
        await watch.WaitForLineAsync(l => l.StartsWith("ADDED") && l.Contains("second"));

        await Kubectl.SucceedAsync("delete", "configmap", "first", "-n", ns);
        await watch.WaitForLineAsync(l => l.StartsWith("DELETED") && l.Contains("first"));
    }

    [Fact]
    public async Task Get_watch_on_one_object_follows_only_that_object()
    {
        var ns = await NamespaceAsync();
        await Kubectl.SucceedAsync("apply", "-n", ns, "-f", cluster.Manifest($"{ns}-pod.yaml", PodYaml("web", "nginx:1.27")));
        using var watch = Kubectl.StartStreaming("get", "pod", "web", "-n", ns, "-w", "-o", "jsonpath={.spec.containers[0].image}{\"\\n\"}");
        await watch.WaitForLineAsync(l => l == "nginx:1.27");

        await Kubectl.SucceedAsync("apply", "-n", ns, "-f", cluster.Manifest($"{ns}-other.yaml", PodYaml("other", "busybox")));
        await Kubectl.SucceedAsync("apply", "-n", ns, "-f", cluster.Manifest($"{ns}-pod.yaml", PodYaml("web", "nginx:1.28")));
        await watch.WaitForLineAsync(l => l == "nginx:1.28");
        Assert.DoesNotContain("busybox", watch.Lines);
    }

    [Fact]
    public async Task Create_from_a_generator_works()
    {
        var ns = await NamespaceAsync();
        Assert.Equal("configmap/generated created\n", await Kubectl.SucceedAsync("create", "configmap", "generated", "-n", ns, "--from-literal=a=b"));
    }
}
