using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Tests.EndToEnd;
using Coxswain.LocalCluster.Tests.Server;
using k8s;

namespace Coxswain.LocalCluster.Tests.Nodes;

/// <summary>One node whose process-backed containers run the test program, shared by the tests of a class (own pod names each).</summary>
public sealed class ProcessPodClusterFixture : SimulatedClusterFixture
{
    private protected override Task<SimulatedCluster> StartAsync() => ProcessPodCluster.StartAsync();
}

/// <summary>Containers of Coxswain's image run as real child processes: env, pod IP, probes, restarts, deletion, logs.</summary>
public sealed class ProcessPodTests(ProcessPodClusterFixture fixture) : IClassFixture<ProcessPodClusterFixture>
{
    SimulatedCluster Cluster => fixture.Cluster;

    [Fact]
    public async Task A_process_gets_its_env_pod_ip_volumes_and_kubeconfig_and_a_real_probe_makes_it_ready()
    {
        await Cluster.Storage.CreateAsync(BuiltInResources.ConfigMaps, "default", JsonNode.Parse("""
            {"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"proc-config"},"data":{"greeting":"hello","mode":"fast"}}
            """)!.AsObject(), new WriteOptions());
        await Cluster.Storage.CreateAsync(BuiltInResources.Secrets, "default", JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"proc-secret"},"data":{"password":"czNjcjN0"}}
            """)!.AsObject(), new WriteOptions());
        var pod = ProcessPodCluster.ServingPod("proc-env", "--print-env",
            "POD_NAME,POD_NAMESPACE,POD_IP,NODE_NAME,POD_UID,SA,CPU,MEMORY,PASSWORD,CFG_greeting,CFG_mode,GREETING_TWICE,KUBERNETES_SERVICE_HOST,KUBERNETES_SERVICE_PORT",
            "--print-file", "/etc/proc/greeting");
        var c = ProcessPodCluster.Container(pod);
        var env = (JsonArray)c["env"]!;
        env.Add(ProcessPodCluster.FieldRef("POD_NAME", "metadata.name"));
        env.Add(ProcessPodCluster.FieldRef("POD_NAMESPACE", "metadata.namespace"));
        env.Add(ProcessPodCluster.FieldRef("NODE_NAME", "spec.nodeName"));
        env.Add(ProcessPodCluster.FieldRef("POD_UID", "metadata.uid"));
        env.Add(ProcessPodCluster.FieldRef("SA", "spec.serviceAccountName"));
        env.Add(JsonNode.Parse("""{"name":"CPU","valueFrom":{"resourceFieldRef":{"resource":"limits.cpu"}}}"""));
        env.Add(JsonNode.Parse("""{"name":"MEMORY","valueFrom":{"resourceFieldRef":{"resource":"requests.memory","divisor":"1Mi"}}}"""));
        env.Add(JsonNode.Parse("""{"name":"PASSWORD","valueFrom":{"secretKeyRef":{"name":"proc-secret","key":"password"}}}"""));
        env.Add(JsonNode.Parse("""{"name":"GREETING_TWICE","value":"$(CFG_greeting) $(CFG_greeting) $$(literal)"}"""));
        c["envFrom"] = JsonNode.Parse("""[{"prefix":"CFG_","configMapRef":{"name":"proc-config"}}]""");
        c["resources"] = JsonNode.Parse("""{"requests":{"memory":"64Mi"}}""");
        c["volumeMounts"] = JsonNode.Parse("""[{"name":"config","mountPath":"/etc/proc"},{"name":"scratch","mountPath":"/scratch"}]""");
        pod["spec"]!["volumes"] = JsonNode.Parse("""[{"name":"config","configMap":{"name":"proc-config"}},{"name":"scratch","emptyDir":{}}]""");
        await Cluster.CreatePodAsync(pod);

        var running = await Cluster.WaitForPodAsync("proc-env", SimulatedCluster.PodReady, "Ready through its HTTP probe", timeout: TimeSpan.FromSeconds(30));
        var podIp = (string)running["status"]!["podIP"]!;
        Assert.StartsWith("127.", podIp);
        var uid = (string)running["metadata"]!["uid"]!;
        var node = (string)running["spec"]!["nodeName"]!;

        // The process really listens on its own pod IP.
        using (var direct = new HttpClient())
            Assert.Equal("ok", await direct.GetStringAsync($"http://{podIp}:8080/"));

        var log = await ProcessPodCluster.LogAsync(Cluster, "proc-env", l => l.Contains("listening on") && l.Contains("ready (stderr)"));
        Assert.Contains("args: serve --port 8080 --print-env", log);
        Assert.Contains("env POD_NAME=proc-env\n", log);
        Assert.Contains("env POD_NAMESPACE=default\n", log);
        Assert.Contains($"env POD_IP={podIp}\n", log);
        Assert.Contains($"env NODE_NAME={node}\n", log);
        Assert.Contains($"env POD_UID={uid}\n", log);
        Assert.Contains("env SA=default\n", log);
        Assert.Contains("env CPU=4\n", log);      // no limit: the node's allocatable, rounded up to whole cores
        Assert.Contains("env MEMORY=64\n", log);  // in the divisor's units
        Assert.Contains("env PASSWORD=s3cr3t\n", log);
        Assert.Contains("env CFG_greeting=hello\n", log);
        Assert.Contains("env CFG_mode=fast\n", log);
        Assert.Contains("env GREETING_TWICE=hello hello $(literal)\n", log);
        Assert.Contains($"env KUBERNETES_SERVICE_HOST={Cluster.Server.BaseAddress.Host}\n", log);
        Assert.Contains($"env KUBERNETES_SERVICE_PORT={Cluster.Server.BaseAddress.Port}\n", log);
        Assert.Contains("file /etc/proc/greeting: hello\n", log);
        Assert.Contains("ready (stderr)\n", log); // stderr is part of the log too

        // The pod's kubeconfig (KUBECONFIG) and in-cluster files work with a real client.
        var podRoot = Path.Combine(Cluster.DataDir, "nodes", node, "var", "lib", "kubelet", "pods", uid);
        var config = KubernetesClientConfiguration.BuildConfigFromConfigFile(Path.Combine(podRoot, "kubeconfig"));
        Assert.Equal("default", config.Namespace);
        using (var client = new Kubernetes(config))
            Assert.Contains((await client.CoreV1.ListNamespacedPodAsync("default")).Items, p => p.Metadata.Name == "proc-env");
        var serviceAccount = Path.Combine(podRoot, "rootfs", "app", "var", "run", "secrets", "kubernetes.io", "serviceaccount");
        Assert.Equal(Cluster.Server.Token, File.ReadAllText(Path.Combine(serviceAccount, "token")));
        Assert.Equal("default", File.ReadAllText(Path.Combine(serviceAccount, "namespace")));
        Assert.StartsWith("-----BEGIN CERTIFICATE-----", File.ReadAllText(Path.Combine(serviceAccount, "ca.crt")));
        Assert.True(Directory.Exists(Path.Combine(podRoot, "rootfs", "app", "scratch")));

        var status = SimulatedCluster.ContainerStatus(running);
        Assert.Equal("coxswain.local/coxswain:test", (string?)status["image"]);
        Assert.Equal(0, (int?)status["restartCount"]);
        await Cluster.WaitForEventAsync("proc-env", e => e.Reason == "Pulled" && e.Message.Contains("already present on machine"), "Pulled");
    }

    [Fact]
    public async Task A_killed_process_is_restarted_with_its_restart_count_and_previous_log()
    {
        await Cluster.CreatePodAsync(ProcessPodCluster.ServingPod("proc-kill"));
        await Cluster.WaitForPodAsync("proc-kill", SimulatedCluster.PodReady, "Ready", timeout: TimeSpan.FromSeconds(30));
        var first = await ProcessPodCluster.PidAsync(Cluster, "proc-kill");

        System.Diagnostics.Process.GetProcessById(first).Kill();

        var restarted = await Cluster.WaitForPodAsync("proc-kill",
            p => (int?)SimulatedCluster.ContainerStatus(p)["restartCount"] == 1 && SimulatedCluster.PodReady(p), "restarted and Ready again",
            timeout: TimeSpan.FromSeconds(30));
        var last = SimulatedCluster.ContainerStatus(restarted)["lastState"]!["terminated"]!;
        Assert.Equal(137, (int?)last["exitCode"]);
        Assert.Equal("Error", (string?)last["reason"]);
        var second = await ProcessPodCluster.PidAsync(Cluster, "proc-kill");
        Assert.NotEqual(first, second);
        Assert.True(ProcessPodCluster.IsAlive(second));
        Assert.Equal(first, await ProcessPodCluster.PidAsync(Cluster, "proc-kill", previous: true));
    }

    [Fact]
    public async Task Deleting_the_pod_sends_SIGTERM_and_a_follower_sees_the_last_lines()
    {
        await Cluster.CreatePodAsync(ProcessPodCluster.ServingPod("proc-delete"));
        await Cluster.WaitForPodAsync("proc-delete", SimulatedCluster.PodReady, "Ready", timeout: TimeSpan.FromSeconds(30));
        var pid = await ProcessPodCluster.PidAsync(Cluster, "proc-delete");

        // A follower reads until the instance ends.
        using var follow = await Cluster.Http.GetAsync("/api/v1/namespaces/default/pods/proc-delete/log?follow=true",
            HttpCompletionOption.ResponseHeadersRead);
        var followed = follow.Content.ReadAsStringAsync();
        var (code, _) = await Cluster.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/pods/proc-delete");
        Assert.Equal(200, code);

        var text = await followed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Contains("listening on", text);
        Assert.EndsWith("received SIGTERM\nstopped\n", text);
        await Cluster.WaitUntilAsync(() => Cluster.Pod("proc-delete") is null, "the pod deleted", TimeSpan.FromSeconds(30));
        Assert.False(ProcessPodCluster.IsAlive(pid));
    }

    [Fact]
    public async Task A_process_that_ignores_SIGTERM_is_killed_when_the_grace_period_ends()
    {
        await Cluster.CreatePodAsync(ProcessPodCluster.ServingPod("proc-stubborn", "--ignore-sigterm"));
        await Cluster.WaitForPodAsync("proc-stubborn", SimulatedCluster.PodReady, "Ready", timeout: TimeSpan.FromSeconds(30));
        var pid = await ProcessPodCluster.PidAsync(Cluster, "proc-stubborn");

        using var follow = await Cluster.Http.GetAsync("/api/v1/namespaces/default/pods/proc-stubborn/log?follow=true",
            HttpCompletionOption.ResponseHeadersRead);
        var followed = follow.Content.ReadAsStringAsync();
        await Cluster.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/pods/proc-stubborn");

        // terminationGracePeriodSeconds is 1: SIGTERM is ignored, and SIGKILL ends the process (no "stopped" line).
        var text = await followed.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.EndsWith("received SIGTERM, ignoring it\n", text);
        await Cluster.WaitUntilAsync(() => Cluster.Pod("proc-stubborn") is null, "the pod deleted", TimeSpan.FromSeconds(30));
        Assert.False(ProcessPodCluster.IsAlive(pid));
    }

    [Fact]
    public async Task An_unready_process_says_why_and_a_Service_points_at_a_ready_ones_pod_ip()
    {
        // The program listens on 8081 (its last --port wins), the readiness probe asks 8080: refused.
        await Cluster.CreatePodAsync(ProcessPodCluster.ServingPod("proc-live", "--port", "8081"));
        await Cluster.WaitForEventAsync("proc-live",
            e => e.Reason == "Unhealthy" && e.Message.StartsWith("Readiness probe failed: Get \"http://127.", StringComparison.Ordinal)
                 && e.Message.EndsWith(":8080: connect: connection refused", StringComparison.Ordinal), "Unhealthy");

        Assert.False(SimulatedCluster.PodReady(Cluster.Pod("proc-live")!));

        await Cluster.CreatePodAsync(ProcessPodCluster.ServingPod("proc-dead"));
        await Cluster.Storage.CreateAsync(BuiltInResources.Services, "default", JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Service","metadata":{"name":"proc-dead"},"spec":{"selector":{"app":"proc-dead"},"ports":[{"port":80,"targetPort":8080}]}}
            """)!.AsObject(), new WriteOptions());
        var ready = await Cluster.WaitForPodAsync("proc-dead", SimulatedCluster.PodReady, "Ready", timeout: TimeSpan.FromSeconds(30));
        var podIp = (string)ready["status"]!["podIP"]!;
        await Cluster.WaitUntilAsync(() => Cluster.Storage.TryGet(BuiltInResources.Endpoints, "default", "proc-dead")?.ToJsonObject()
            ["subsets"]?[0]?["addresses"]?[0]?["ip"]?.ToString() == podIp, "Endpoints with the pod IP");
        using (var direct = new HttpClient())
            Assert.Equal("ok", await direct.GetStringAsync($"http://{podIp}:8080/"));
    }

    [Fact]
    public async Task A_failing_liveness_probe_kills_the_process_and_it_restarts()
    {
        await Cluster.CreatePodAsync(SimulatedCluster.PodManifest("proc-liveness", ProcessPodCluster.Image, p =>
        {
            var c = ProcessPodCluster.Container(p);
            c["args"] = new JsonArray("serve", "--port", "8080");
            c["env"] = new JsonArray(ProcessPodCluster.FieldRef("POD_IP", "status.podIP"));
            c["livenessProbe"] = JsonNode.Parse("""{"tcpSocket":{"port":9999},"periodSeconds":1,"failureThreshold":2}""");
        }));

        await Cluster.WaitForEventAsync("proc-liveness", e => e.Reason == "Killing" && e.Message == "Container app failed liveness probe, will be restarted",
            "Killing", timeout: TimeSpan.FromSeconds(30));
        await Cluster.WaitForEventAsync("proc-liveness", e => e.Reason == "Unhealthy" && e.Message.StartsWith("Liveness probe failed: dial tcp 127.", StringComparison.Ordinal)
            && e.Message.EndsWith(":9999: connect: connection refused", StringComparison.Ordinal), "Unhealthy");
        var restarted = await Cluster.WaitForPodAsync("proc-liveness", p => (int?)SimulatedCluster.ContainerStatus(p)["restartCount"] >= 1,
            "restarted", timeout: TimeSpan.FromSeconds(30));
        // SIGTERM ends the test program cleanly.
        Assert.Equal(0, (int?)SimulatedCluster.ContainerStatus(restarted)["lastState"]!["terminated"]!["exitCode"]);
    }

    [Fact]
    public async Task A_new_image_restarts_the_process_in_place()
    {
        await Cluster.CreatePodAsync(ProcessPodCluster.ServingPod("proc-inplace"));
        var before = await Cluster.WaitForPodAsync("proc-inplace", SimulatedCluster.PodReady, "Ready", timeout: TimeSpan.FromSeconds(30));
        var pid = await ProcessPodCluster.PidAsync(Cluster, "proc-inplace");

        using (var patch = new HttpRequestMessage(HttpMethod.Patch, "/api/v1/namespaces/default/pods/proc-inplace")
        {
            Content = new StringContent("""{"spec":{"containers":[{"name":"app","image":"coxswain.local/coxswain:v2"}]}}""",
                System.Text.Encoding.UTF8, "application/strategic-merge-patch+json"),
        })
        using (var response = await Cluster.Http.SendAsync(patch))
            Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());

        var after = await Cluster.WaitForPodAsync("proc-inplace", p => SimulatedCluster.PodReady(p)
            && (string?)SimulatedCluster.ContainerStatus(p)["image"] == "coxswain.local/coxswain:v2", "running v2", timeout: TimeSpan.FromSeconds(30));
        Assert.Equal((string?)before["metadata"]!["uid"], (string?)after["metadata"]!["uid"]);
        Assert.Equal(1, (int?)SimulatedCluster.ContainerStatus(after)["restartCount"]);
        Assert.Equal(0, (int?)SimulatedCluster.ContainerStatus(after)["lastState"]!["terminated"]!["exitCode"]); // SIGTERM, clean exit
        Assert.False(ProcessPodCluster.IsAlive(pid));
        Assert.NotEqual(pid, await ProcessPodCluster.PidAsync(Cluster, "proc-inplace"));
        await Cluster.WaitForEventAsync("proc-inplace", e => e.Reason == "Killing" && e.Message == "Container app definition changed, will be restarted", "Killing");
    }

    [Fact]
    public async Task Secret_projected_and_downward_volumes_are_files_under_the_container_root()
    {
        await Cluster.Storage.CreateAsync(BuiltInResources.Secrets, "default", JsonNode.Parse("""
            {"apiVersion":"v1","kind":"Secret","metadata":{"name":"proc-certs"},"data":{"tls.crt":"Y2VydA==","tls.key":"a2V5"}}
            """)!.AsObject(), new WriteOptions());
        var pod = ProcessPodCluster.ServingPod("proc-volumes", "--print-file", "/certs/server.crt");
        pod["metadata"]!["labels"]!["tier"] = "web";
        var c = ProcessPodCluster.Container(pod);
        c["volumeMounts"] = JsonNode.Parse("""
            [{"name":"certs","mountPath":"/certs","readOnly":true},
             {"name":"kube-api-access","mountPath":"/var/run/secrets/kubernetes.io/serviceaccount","readOnly":true},
             {"name":"podinfo","mountPath":"/etc/podinfo"},
             {"name":"host","mountPath":"/var/host","subPath":"sub"}]
            """);
        pod["spec"]!["volumes"] = JsonNode.Parse("""
            [{"name":"certs","secret":{"secretName":"proc-certs","items":[{"key":"tls.crt","path":"server.crt"}]}},
             {"name":"kube-api-access","projected":{"sources":[
                {"serviceAccountToken":{"path":"token","expirationSeconds":3607}},
                {"configMap":{"name":"kube-root-ca.crt","items":[{"key":"ca.crt","path":"ca.crt"}]}},
                {"downwardAPI":{"items":[{"path":"namespace","fieldRef":{"apiVersion":"v1","fieldPath":"metadata.namespace"}}]}}]}},
             {"name":"podinfo","downwardAPI":{"items":[{"path":"labels","fieldRef":{"fieldPath":"metadata.labels"}}]}},
             {"name":"host","hostPath":{"path":"/var/lib/proc-volumes","type":"DirectoryOrCreate"}}]
            """);
        await Cluster.CreatePodAsync(pod);

        var running = await Cluster.WaitForPodAsync("proc-volumes", SimulatedCluster.PodReady, "Ready", timeout: TimeSpan.FromSeconds(30));
        var log = await ProcessPodCluster.LogAsync(Cluster, "proc-volumes", l => l.Contains("listening on"));
        Assert.Contains("file /certs/server.crt: cert\n", log);

        var node = (string)running["spec"]!["nodeName"]!;
        var root = Path.Combine(Cluster.DataDir, "nodes", node, "var", "lib", "kubelet", "pods", (string)running["metadata"]!["uid"]!, "rootfs", "app");
        Assert.False(File.Exists(Path.Combine(root, "certs", "tls.key"))); // only the listed item
        var serviceAccount = Path.Combine(root, "var", "run", "secrets", "kubernetes.io", "serviceaccount");
        Assert.Equal(Cluster.Server.Token, File.ReadAllText(Path.Combine(serviceAccount, "token")));
        Assert.Equal(Cluster.Server.CertificateAuthorityPem, File.ReadAllText(Path.Combine(serviceAccount, "ca.crt")));
        Assert.Equal("default", File.ReadAllText(Path.Combine(serviceAccount, "namespace")));
        Assert.Equal("app=\"proc-volumes\"\ntier=\"web\"", File.ReadAllText(Path.Combine(root, "etc", "podinfo", "labels")));
        // hostPath is on the node's own tree, subPath inside it.
        File.WriteAllText(Path.Combine(root, "var", "host", "x"), "written by the container");
        Assert.Equal("written by the container", File.ReadAllText(Path.Combine(Cluster.DataDir, "nodes", node, "var", "lib", "proc-volumes", "sub", "x")));

        // The pod's own files go with it; the node's hostPath stays.
        await Cluster.SendAsync(HttpMethod.Delete, "/api/v1/namespaces/default/pods/proc-volumes");
        await Cluster.WaitUntilAsync(() => Cluster.Pod("proc-volumes") is null && !Directory.Exists(root), "the pod and its files gone", TimeSpan.FromSeconds(30));
        Assert.True(File.Exists(Path.Combine(Cluster.DataDir, "nodes", node, "var", "lib", "proc-volumes", "sub", "x")));
    }

    [Fact]
    public async Task A_command_the_image_does_not_have_fails_to_start_and_says_why()
    {
        await Cluster.CreatePodAsync(SimulatedCluster.PodManifest("proc-nostart", ProcessPodCluster.Image,
            p => ProcessPodCluster.Container(p)["command"] = new JsonArray("/manager")));

        var failed = await Cluster.WaitForPodAsync("proc-nostart", p => SimulatedCluster.ContainerStatus(p)["lastState"]?["terminated"] is not null,
            "a start error", timeout: TimeSpan.FromSeconds(30));
        var terminated = SimulatedCluster.ContainerStatus(failed)["lastState"]!["terminated"]!;
        Assert.Equal(128, (int?)terminated["exitCode"]);
        Assert.Equal("StartError", (string?)terminated["reason"]);
        Assert.Contains("exec: \"/manager\": stat /manager: no such file or directory", (string?)terminated["message"]);
        await Cluster.WaitForEventAsync("proc-nostart", e => e.Reason == "Failed" && e.Message.Contains("stat /manager"), "Failed");
        await Cluster.WaitForPodAsync("proc-nostart", p => (string?)SimulatedCluster.ContainerStatus(p)["state"]?["waiting"]?["reason"] == "CrashLoopBackOff",
            "CrashLoopBackOff", timeout: TimeSpan.FromSeconds(30));

        var log = await ProcessPodCluster.LogAsync(Cluster, "proc-nostart", l => l.Length > 0);
        Assert.StartsWith("coxswain: container app failed to start: failed to create containerd task", log);
    }

    [Fact]
    public async Task A_missing_secret_leaves_the_container_waiting_in_CreateContainerConfigError()
    {
        await Cluster.CreatePodAsync(SimulatedCluster.PodManifest("proc-nosecret", ProcessPodCluster.Image, p =>
        {
            var c = ProcessPodCluster.Container(p);
            c["args"] = new JsonArray("serve");
            c["env"] = JsonNode.Parse("""[{"name":"TOKEN","valueFrom":{"secretKeyRef":{"name":"absent","key":"token"}}}]""");
        }));

        var waiting = await Cluster.WaitForPodAsync("proc-nosecret",
            p => (string?)SimulatedCluster.ContainerStatus(p)["state"]?["waiting"]?["reason"] == "CreateContainerConfigError",
            "CreateContainerConfigError", timeout: TimeSpan.FromSeconds(30));
        Assert.Equal("secret \"absent\" not found", (string?)SimulatedCluster.ContainerStatus(waiting)["state"]!["waiting"]!["message"]);
        await Cluster.WaitForEventAsync("proc-nosecret", e => e.Reason == "Failed" && e.Message == "Error: secret \"absent\" not found", "Failed");
    }

    [Fact]
    public async Task Kubectl_logs_follows_tails_and_shows_the_previous_instance()
    {
        await Cluster.CreatePodAsync(ProcessPodCluster.ServingPod("proc-kubectl"));
        await Cluster.WaitForPodAsync("proc-kubectl", SimulatedCluster.PodReady, "Ready", timeout: TimeSpan.FromSeconds(30));
        using var home = new TemporaryDirectory();
        var kubectl = new Kubectl(Cluster.Server.KubeconfigPath, home.Path);

        var pid = await ProcessPodCluster.PidAsync(Cluster, "proc-kubectl");
        // stdout and stderr are read apart: the last two lines may have arrived in either order.
        Assert.Matches(@"^(ready \(stderr\)|listening on .*)\n$", await kubectl.SucceedAsync("logs", "proc-kubectl", "--tail", "1"));
        Assert.Equal("pid ", await kubectl.SucceedAsync("logs", "proc-kubectl", "--limit-bytes", "4"));
        Assert.Contains($"pid {pid}\n", await kubectl.SucceedAsync("logs", "-l", "app=proc-kubectl", "-c", "app"));
        Assert.Matches(@"(?m)^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z pid \d+$", await kubectl.SucceedAsync("logs", "proc-kubectl", "--timestamps", "--since", "1h"));

        using (var follow = kubectl.StartStreaming("logs", "-f", "proc-kubectl"))
        {
            await follow.WaitForLineAsync(l => l.StartsWith("listening on", StringComparison.Ordinal));
            System.Diagnostics.Process.GetProcessById(pid).Kill();
            // The followed instance ended: kubectl exits once its stream closes.
            await Cluster.WaitForPodAsync("proc-kubectl", p => (int?)SimulatedCluster.ContainerStatus(p)["restartCount"] == 1, "restarted",
                timeout: TimeSpan.FromSeconds(30));
        }
        var previous = await kubectl.SucceedAsync("logs", "proc-kubectl", "--previous");
        Assert.StartsWith($"pid {pid}\n", previous);
    }
}

/// <summary>Stopping the cluster stops every child process; starting it again starts them again.</summary>
public sealed class ProcessPodLifetimeTests
{
    [Fact]
    public async Task Disposing_the_cluster_leaves_no_child_process_alive()
    {
        var cluster = await ProcessPodCluster.StartAsync();
        var pids = new List<int>();
        try
        {
            foreach (var name in new[] { "orphan-a", "orphan-b" })
                await cluster.CreatePodAsync(ProcessPodCluster.ServingPod(name, name == "orphan-b" ? ["--ignore-sigterm"] : []));
            foreach (var name in new[] { "orphan-a", "orphan-b" })
            {
                await cluster.WaitForPodAsync(name, SimulatedCluster.PodReady, "Ready", timeout: TimeSpan.FromSeconds(30));
                pids.Add(await ProcessPodCluster.PidAsync(cluster, name));
            }
            Assert.Equal(2, cluster.Nodes.RunningProcessCount);
        }
        finally
        {
            await cluster.DisposeAsync();
        }
        Assert.All(pids, pid => Assert.False(ProcessPodCluster.IsAlive(pid), $"process {pid} outlived the cluster"));
    }

    [Fact]
    public async Task After_a_restart_of_the_cluster_the_process_starts_again_as_after_a_node_reboot()
    {
        using var directory = new TemporaryDirectory();
        var options = SimulatedCluster.TestOptions(directory.Path, 1);
        ProcessPodCluster.Configure(options);
        int firstPid;
        await using (var first = await SimulatedCluster.StartAsync(options))
        {
            await first.CreatePodAsync(ProcessPodCluster.ServingPod("phoenix"));
            await first.WaitForPodAsync("phoenix", SimulatedCluster.PodReady, "Ready", timeout: TimeSpan.FromSeconds(30));
            firstPid = await ProcessPodCluster.PidAsync(first, "phoenix");
        }
        Assert.False(ProcessPodCluster.IsAlive(firstPid));

        await using var second = await SimulatedCluster.StartAsync(options);
        var restarted = await second.WaitForPodAsync("phoenix", p => SimulatedCluster.PodReady(p) && (int?)SimulatedCluster.ContainerStatus(p)["restartCount"] == 1,
            "running again", timeout: TimeSpan.FromSeconds(30));
        var last = SimulatedCluster.ContainerStatus(restarted)["lastState"]!["terminated"]!;
        Assert.Equal(255, (int?)last["exitCode"]);
        Assert.Equal("Unknown", (string?)last["reason"]);
        Assert.True(ProcessPodCluster.IsAlive(await ProcessPodCluster.PidAsync(second, "phoenix")));
    }
}
