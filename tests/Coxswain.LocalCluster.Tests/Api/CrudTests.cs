using System.Text.Json.Nodes;
using k8s;
using k8s.Models;

namespace Coxswain.LocalCluster.Tests.Api;

/// <summary>Create, read, update and delete with kube-apiserver's object lifecycle rules and its exact error Statuses.</summary>
public sealed class CrudTests(TestCluster cluster) : IClassFixture<TestCluster>
{
    Kubernetes Client => cluster.Client;

    static V1ConfigMap ConfigMap(string name, string value = "1") => new()
    {
        Metadata = new V1ObjectMeta { Name = name },
        Data = new Dictionary<string, string> { ["key"] = value },
    };

    static V1Pod Pod(string name, string image = "nginx:1.27") => new()
    {
        Metadata = new V1ObjectMeta { Name = name, Labels = new Dictionary<string, string> { ["app"] = name } },
        Spec = new V1PodSpec { Containers = [new V1Container { Name = "main", Image = image }] },
    };

    [Fact]
    public async Task Create_fills_in_the_server_owned_metadata_and_get_and_list_return_the_object()
    {
        var ns = await cluster.CreateNamespaceAsync();
        var sent = ConfigMap("settings");
        sent.Metadata.Uid = "client-chosen";
        sent.Metadata.ResourceVersion = "999";
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(sent, ns);

        Assert.Equal("settings", created.Metadata.Name);
        Assert.Equal(ns, created.Metadata.NamespaceProperty);
        Assert.True(Guid.TryParse(created.Metadata.Uid, out _), "uid is a server-generated UUID");
        Assert.NotEqual("999", created.Metadata.ResourceVersion);
        Assert.InRange(created.Metadata.CreationTimestamp!.Value, DateTime.UtcNow.AddMinutes(-1), DateTime.UtcNow.AddMinutes(1));
        Assert.Null(created.Metadata.Generation); // configmaps have no spec, so no generation
        Assert.Equal("v1", created.ApiVersion);
        Assert.Equal("ConfigMap", created.Kind);

        var read = await Client.CoreV1.ReadNamespacedConfigMapAsync("settings", ns);
        Assert.Equal(created.Metadata.Uid, read.Metadata.Uid);
        Assert.Equal(created.Metadata.ResourceVersion, read.Metadata.ResourceVersion);
        Assert.Equal("1", read.Data["key"]);

        var list = await Client.CoreV1.ListNamespacedConfigMapAsync(ns);
        Assert.Equal("ConfigMapList", list.Kind);
        Assert.Equal(["settings"], list.Items.Select(i => i.Metadata.Name));
        Assert.True(long.Parse(list.Metadata.ResourceVersion) >= long.Parse(created.Metadata.ResourceVersion));
    }

    [Fact]
    public async Task Get_of_a_missing_object_is_NotFound_with_kubes_message()
    {
        var status = await ApiAssert.FailsWith(404, () => Client.CoreV1.ReadNamespacedPodAsync("x", "default"));
        ApiAssert.IsStatus(status, 404, "NotFound", "pods \"x\" not found");
        Assert.Equal("x", (string?)status["details"]!["name"]);
        Assert.Equal("pods", (string?)status["details"]!["kind"]);
        Assert.Null(status["details"]!["group"]);

        var grouped = await ApiAssert.FailsWith(404, () => Client.CoordinationV1.ReadNamespacedLeaseAsync("x", "default"));
        ApiAssert.IsStatus(grouped, 404, "NotFound", "leases.coordination.k8s.io \"x\" not found");
        Assert.Equal("coordination.k8s.io", (string?)grouped["details"]!["group"]);
    }

    [Fact]
    public async Task Creating_an_existing_name_is_AlreadyExists()
    {
        var ns = await cluster.CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("dup"), ns);
        var status = await ApiAssert.FailsWith(409, () => Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("dup", "2"), ns));
        ApiAssert.IsStatus(status, 409, "AlreadyExists", "configmaps \"dup\" already exists");
        Assert.Equal("1", (await Client.CoreV1.ReadNamespacedConfigMapAsync("dup", ns)).Data["key"]);
    }

    [Fact]
    public async Task Of_many_concurrent_creates_of_one_name_exactly_one_succeeds()
    {
        var ns = await cluster.CreateNamespaceAsync();
        var outcomes = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            var (code, _) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
                $$$"""{"metadata":{"name":"race"},"data":{"writer":"{{{i}}}"}}""");
            return code;
        }));
        Assert.Single(outcomes, c => c == 201);
        Assert.Equal(19, outcomes.Count(c => c == 409));
    }

    [Fact]
    public async Task Creating_in_a_missing_namespace_is_NotFound_for_the_namespace()
    {
        var status = await ApiAssert.FailsWith(404, () => Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("a"), "foo"));
        ApiAssert.IsStatus(status, 404, "NotFound", "namespaces \"foo\" not found");
        Assert.Equal("namespaces", (string?)status["details"]!["kind"]);
    }

    [Fact]
    public async Task Update_with_a_stale_resourceVersion_is_a_Conflict_and_changes_nothing()
    {
        var ns = await cluster.CreateNamespaceAsync();
        var v1 = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("cm"), ns);
        v1.Data["key"] = "2";
        var v2 = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(v1, "cm", ns);
        Assert.True(long.Parse(v2.Metadata.ResourceVersion) > long.Parse(v1.Metadata.ResourceVersion));

        v1.Data["key"] = "3"; // still carries v1's resourceVersion
        var status = await ApiAssert.FailsWith(409, () => Client.CoreV1.ReplaceNamespacedConfigMapAsync(v1, "cm", ns));
        ApiAssert.IsStatus(status, 409, "Conflict",
            "Operation cannot be fulfilled on configmaps \"cm\": the object has been modified; please apply your changes to the latest version and try again");
        Assert.Equal("2", (await Client.CoreV1.ReadNamespacedConfigMapAsync("cm", ns)).Data["key"]);
    }

    [Fact]
    public async Task Update_without_a_resourceVersion_is_unconditional()
    {
        var ns = await cluster.CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("cm"), ns);
        var replaced = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(ConfigMap("cm", "9"), "cm", ns);
        Assert.Equal("9", replaced.Data["key"]);
    }

    [Fact]
    public async Task Update_keeps_server_owned_metadata_and_refuses_a_renamed_body()
    {
        var ns = await cluster.CreateNamespaceAsync();
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("cm"), ns);
        var change = ConfigMap("cm", "2");
        change.Metadata.Uid = "forged";
        change.Metadata.CreationTimestamp = new DateTime(2000, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var updated = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(change, "cm", ns);
        Assert.Equal(created.Metadata.Uid, updated.Metadata.Uid);
        Assert.Equal(created.Metadata.CreationTimestamp, updated.Metadata.CreationTimestamp);

        var status = await ApiAssert.FailsWith(400, () => Client.CoreV1.ReplaceNamespacedConfigMapAsync(ConfigMap("other"), "cm", ns));
        ApiAssert.IsStatus(status, 400, "BadRequest", "the name of the object (other) does not match the name on the URL (cm)");
    }

    [Fact]
    public async Task A_write_that_changes_nothing_keeps_the_resourceVersion()
    {
        var ns = await cluster.CreateNamespaceAsync();
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("cm"), ns);
        var same = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(created, "cm", ns);
        Assert.Equal(created.Metadata.ResourceVersion, same.Metadata.ResourceVersion);
    }

    [Fact]
    public async Task Update_of_a_missing_object_is_NotFound()
    {
        var ns = await cluster.CreateNamespaceAsync();
        var status = await ApiAssert.FailsWith(404, () => Client.CoreV1.ReplaceNamespacedConfigMapAsync(ConfigMap("ghost"), "ghost", ns));
        ApiAssert.IsStatus(status, 404, "NotFound", "configmaps \"ghost\" not found");
    }

    [Fact]
    public async Task Delete_removes_the_object_and_a_second_delete_is_NotFound()
    {
        var ns = await cluster.CreateNamespaceAsync();
        var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("cm"), ns);
        var (code, body) = await cluster.SendAsync(HttpMethod.Delete, $"/api/v1/namespaces/{ns}/configmaps/cm");
        Assert.Equal(200, code);
        Assert.Equal("Success", (string?)body!["status"]);
        Assert.Equal(created.Metadata.Uid, (string?)body["details"]!["uid"]);

        await ApiAssert.FailsWith(404, () => Client.CoreV1.ReadNamespacedConfigMapAsync("cm", ns));
        var status = await ApiAssert.FailsWith(404, () => Client.CoreV1.DeleteNamespacedConfigMapAsync("cm", ns));
        ApiAssert.IsStatus(status, 404, "NotFound", "configmaps \"cm\" not found");
    }

    [Fact]
    public async Task Delete_with_a_stale_resourceVersion_precondition_is_a_Conflict()
    {
        var ns = await cluster.CreateNamespaceAsync();
        var v1 = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("cm"), ns);
        v1.Data["key"] = "2";
        await Client.CoreV1.ReplaceNamespacedConfigMapAsync(v1, "cm", ns);

        var options = new V1DeleteOptions { Preconditions = new V1Preconditions { ResourceVersion = v1.Metadata.ResourceVersion } };
        var status = await ApiAssert.FailsWith(409, () => Client.CoreV1.DeleteNamespacedConfigMapAsync("cm", ns, options));
        Assert.Equal("Conflict", (string?)status["reason"]);
        Assert.StartsWith("Operation cannot be fulfilled on configmaps \"cm\": Precondition failed: ResourceVersion in precondition: ",
            (string?)status["message"]);

        var wrongUid = new V1DeleteOptions { Preconditions = new V1Preconditions { Uid = "not-the-uid" } };
        await ApiAssert.FailsWith(409, () => Client.CoreV1.DeleteNamespacedConfigMapAsync("cm", ns, wrongUid));
        Assert.NotNull(await Client.CoreV1.ReadNamespacedConfigMapAsync("cm", ns));
    }

    [Fact]
    public async Task Deleting_an_unscheduled_pod_removes_it_at_once_and_returns_the_pod()
    {
        var ns = await cluster.CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("web"), ns);
        var deleted = await Client.CoreV1.DeleteNamespacedPodAsync("web", ns);
        Assert.Equal("web", deleted.Metadata.Name);
        await ApiAssert.FailsWith(404, () => Client.CoreV1.ReadNamespacedPodAsync("web", ns));
    }

    [Fact]
    public async Task GenerateName_gives_a_unique_name_with_a_random_suffix()
    {
        var ns = await cluster.CreateNamespaceAsync();
        var template = new V1ConfigMap { Metadata = new V1ObjectMeta { GenerateName = "job-" } };
        var names = new HashSet<string>();
        for (var i = 0; i < 20; i++)
        {
            var created = await Client.CoreV1.CreateNamespacedConfigMapAsync(template, ns);
            Assert.Matches("^job-[bcdfghjklmnpqrstvwxz2456789]{5}$", created.Metadata.Name);
            Assert.Equal("job-", created.Metadata.GenerateName);
            names.Add(created.Metadata.Name);
        }
        Assert.Equal(20, names.Count);
    }

    [Fact]
    public async Task Generation_starts_at_one_and_moves_only_when_the_spec_changes()
    {
        var ns = await cluster.CreateNamespaceAsync();
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Pod("web"), ns);
        Assert.Equal(1, pod.Metadata.Generation);

        pod.Metadata.Labels["tier"] = "frontend";
        pod = await Client.CoreV1.ReplaceNamespacedPodAsync(pod, "web", ns);
        Assert.Equal(1, pod.Metadata.Generation);

        pod.Status = new V1PodStatus { Phase = "Running" };
        pod = await Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, "web", ns);
        Assert.Equal(1, pod.Metadata.Generation);
        Assert.Equal("Running", pod.Status.Phase);

        pod.Spec.Containers[0].Image = "nginx:1.28";
        pod = await Client.CoreV1.ReplaceNamespacedPodAsync(pod, "web", ns);
        Assert.Equal(2, pod.Metadata.Generation);
    }

    [Fact]
    public async Task The_status_subresource_and_the_main_resource_each_ignore_the_others_part()
    {
        var ns = await cluster.CreateNamespaceAsync();
        var pod = await Client.CoreV1.CreateNamespacedPodAsync(Pod("web"), ns);

        // A main-resource write cannot set status...
        pod.Status = new V1PodStatus { Phase = "Running" };
        pod = await Client.CoreV1.ReplaceNamespacedPodAsync(pod, "web", ns);
        Assert.NotEqual("Running", pod.Status?.Phase);

        // ... and a status write cannot change the spec.
        pod.Status = new V1PodStatus { Phase = "Running" };
        pod.Spec.Containers[0].Image = "busybox";
        pod = await Client.CoreV1.ReplaceNamespacedPodStatusAsync(pod, "web", ns);
        Assert.Equal("Running", pod.Status.Phase);
        Assert.Equal("nginx:1.27", pod.Spec.Containers[0].Image);
    }

    [Fact]
    public async Task DryRun_All_validates_and_answers_but_persists_nothing()
    {
        var ns = await cluster.CreateNamespaceAsync();
        var before = long.Parse((await Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Metadata.ResourceVersion);

        var dry = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("ghost"), ns, dryRun: "All");
        Assert.Equal("ghost", dry.Metadata.Name);
        Assert.False(string.IsNullOrEmpty(dry.Metadata.Uid));
        await ApiAssert.FailsWith(404, () => Client.CoreV1.ReadNamespacedConfigMapAsync("ghost", ns));

        var real = await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("real"), ns);
        real.Data["key"] = "changed";
        var dryUpdate = await Client.CoreV1.ReplaceNamespacedConfigMapAsync(real, "real", ns, dryRun: "All");
        Assert.Equal("changed", dryUpdate.Data["key"]);
        await Client.CoreV1.DeleteNamespacedConfigMapAsync("real", ns, dryRun: "All");

        var stored = await Client.CoreV1.ReadNamespacedConfigMapAsync("real", ns);
        Assert.Equal("1", stored.Data["key"]);
        Assert.Equal(real.Metadata.ResourceVersion, stored.Metadata.ResourceVersion);
        // Only the one real create moved the revision counter.
        var after = long.Parse((await Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Metadata.ResourceVersion);
        Assert.Equal(long.Parse(real.Metadata.ResourceVersion), after);
        Assert.True(after > before);

        var (code, body) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?dryRun=Some", """{"metadata":{"name":"x"}}""");
        ApiAssert.IsStatus(body, 400, "BadRequest");
        Assert.Equal(400, code);
    }

    [Fact]
    public async Task Namespaces_are_cluster_scoped_and_cannot_be_created_twice()
    {
        var created = await Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "crud-ns" } });
        Assert.Null(created.Metadata.NamespaceProperty);
        Assert.Equal("Active", created.Status?.Phase ?? "Active");
        var status = await ApiAssert.FailsWith(409, () =>
            Client.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "crud-ns" } }));
        ApiAssert.IsStatus(status, 409, "AlreadyExists", "namespaces \"crud-ns\" already exists");
        var missing = await ApiAssert.FailsWith(404, () => Client.CoreV1.ReadNamespaceAsync("foo"));
        ApiAssert.IsStatus(missing, 404, "NotFound", "namespaces \"foo\" not found");
    }

    [Fact]
    public async Task A_body_for_another_namespace_or_kind_is_a_BadRequest()
    {
        var ns = await cluster.CreateNamespaceAsync();
        var elsewhere = ConfigMap("cm");
        elsewhere.Metadata.NamespaceProperty = "default";
        var status = await ApiAssert.FailsWith(400, () => Client.CoreV1.CreateNamespacedConfigMapAsync(elsewhere, ns));
        ApiAssert.IsStatus(status, 400, "BadRequest", "the namespace of the provided object does not match the namespace sent on the request");

        var (_, body) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
            """{"apiVersion":"v1","kind":"Secret","metadata":{"name":"s"}}""");
        ApiAssert.IsStatus(body, 400, "BadRequest");
    }

    [Fact]
    public async Task Unknown_resources_and_paths_are_a_generic_NotFound()
    {
        foreach (var path in new[] { "/api/v1/namespaces/default/widgets", "/apis/example.com/v1/widgets", "/api/v2/pods", "/nonsense" })
        {
            var (code, body) = await cluster.SendAsync(HttpMethod.Get, path);
            Assert.Equal(404, code);
            ApiAssert.IsStatus(body, 404, "NotFound", "the server could not find the requested resource");
        }
        // A cluster-scoped resource has no namespaced path.
        var (nsCode, _) = await cluster.SendAsync(HttpMethod.Get, "/api/v1/namespaces/default/nodes");
        Assert.Equal(404, nsCode);
    }

    [Theory]
    [InlineData("PUT", "/api/v1/namespaces/default/configmaps")]
    [InlineData("PATCH", "/api/v1/namespaces/default/configmaps")]
    [InlineData("DELETE", "/api/v1/namespaces")]
    [InlineData("POST", "/api/v1/namespaces/default/configmaps/kube-root")]
    [InlineData("POST", "/api/v1/namespaces/default/pods/x/status")]
    public async Task A_method_the_path_does_not_serve_is_405_MethodNotAllowed(string method, string path)
    {
        var (code, body) = await cluster.SendAsync(new HttpMethod(method), path, "{}");
        Assert.Equal(405, code);
        ApiAssert.IsStatus(body, 405, "MethodNotAllowed", "the server does not allow this method on the requested resource");
    }

    [Theory]
    [InlineData("{")]
    [InlineData("not json")]
    [InlineData("[1,2,3]")]
    [InlineData("\"a string\"")]
    [InlineData("{\"metadata\":{\"name\":\"x\"},\"data\":{\"k\":1}}")]
    [InlineData("{\"metadata\":\"x\"}")]
    public async Task Malformed_bodies_are_a_BadRequest(string body)
    {
        var (code, status) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", body);
        Assert.Equal(400, code);
        ApiAssert.IsStatus(status, 400, "BadRequest");
    }

    [Fact]
    public async Task A_key_given_twice_keeps_the_last_value_with_a_warning_and_is_refused_under_Strict()
    {
        var ns = await cluster.CreateNamespaceAsync();
        const string body = """{"metadata":{"name":"first","name":"twice"},"data":{"k":"v"}}""";
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps")
        {
            Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await cluster.Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Warning"), w => w.Contains("duplicate field"));
        Assert.NotNull(await Client.CoreV1.ReadNamespacedConfigMapAsync("twice", ns));

        var (code, status) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps?fieldValidation=Strict", body);
        Assert.Equal(400, code);
        Assert.Contains("strict decoding error: duplicate field", (string?)ApiAssert.IsStatus(status, 400, "BadRequest")["message"]);
    }

    [Theory]
    [InlineData("café", @"unknown field \""café\""")]
    [InlineData(@"a\u0000b", @"unknown field \""a\\x00b\""")]
    [InlineData(@"back\\slash", @"unknown field \""back\\\\slash\""")]
    public async Task Unknown_fields_are_warned_about_whatever_their_names(string jsonKey, string expectedWarningText)
    {
        // The warning quotes client input (Go-quoted by the decoder, then quoted again for the header, as upstream): it must
        // reach the client intact, as UTF-8, rather than break the response.
        var ns = await cluster.CreateNamespaceAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps")
        {
            Content = new StringContent($$"""{"metadata":{"name":"w"},"{{jsonKey}}":1}""", System.Text.Encoding.UTF8, "application/json"),
        };
        using var response = await cluster.Http.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.Created, response.StatusCode);
        var warning = Assert.Single(response.Headers.GetValues("Warning"));
        Assert.Equal($"299 - \"{expectedWarningText}\"", warning);
    }

    [Fact]
    public async Task Yaml_bodies_are_accepted()
    {
        var ns = await cluster.CreateNamespaceAsync();
        var (code, body) = await cluster.SendAsync(HttpMethod.Post, $"/api/v1/namespaces/{ns}/configmaps",
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: from-yaml\ndata:\n  greeting: hello\n", "application/yaml");
        Assert.Equal(201, code);
        Assert.Equal("hello", (string?)body!["data"]!["greeting"]);
    }

    [Fact]
    public async Task An_unsupported_body_media_type_is_415()
    {
        var (code, body) = await cluster.SendAsync(HttpMethod.Post, "/api/v1/namespaces/default/configmaps", "x", "text/plain");
        Assert.Equal(415, code);
        ApiAssert.IsStatus(body, 415, "UnsupportedMediaType");
    }

    [Fact]
    public async Task DeleteCollection_removes_every_object_in_the_namespace_only()
    {
        var ns = await cluster.CreateNamespaceAsync();
        var other = await cluster.CreateNamespaceAsync();
        for (var i = 0; i < 3; i++) await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap($"cm{i}"), ns);
        await Client.CoreV1.CreateNamespacedConfigMapAsync(ConfigMap("keep"), other);

        await Client.CoreV1.DeleteCollectionNamespacedConfigMapAsync(ns);

        Assert.Empty((await Client.CoreV1.ListNamespacedConfigMapAsync(ns)).Items);
        Assert.Single((await Client.CoreV1.ListNamespacedConfigMapAsync(other)).Items);
    }

    [Fact]
    public async Task Pod_logs_of_a_pod_without_a_node_are_empty_and_name_the_container()
    {
        var ns = await cluster.CreateNamespaceAsync();
        await Client.CoreV1.CreateNamespacedPodAsync(Pod("web"), ns);
        var (code, _) = await cluster.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods/web/log");
        Assert.Equal(200, code);
        var (badCode, body) = await cluster.SendAsync(HttpMethod.Get, $"/api/v1/namespaces/{ns}/pods/web/log?container=nope");
        Assert.Equal(400, badCode);
        ApiAssert.IsStatus(body, 400, "BadRequest", "container nope is not valid for pod web");
    }
}
