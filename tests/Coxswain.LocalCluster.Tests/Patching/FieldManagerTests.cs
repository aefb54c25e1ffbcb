using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Patching.ServerSideApply;
using k8s.Models;

namespace Coxswain.LocalCluster.Tests.Patching;

public class FieldManagerTests
{
    // Not served by the local cluster, but the richest built-in schema for ownership: the engine only needs the model.
    static readonly ResourceDefinition Deployments = new()
    {
        Group = "apps", Version = "v1", Kind = "Deployment", Plural = "deployments", Singular = "deployment", Namespaced = true,
        Subresources = ["status", "scale"], ModelType = typeof(V1Deployment),
    };

    static readonly DateTimeOffset T0 = new(2024, 4, 10, 0, 44, 50, TimeSpan.Zero);

    static JsonObject J(string json) => JsonNode.Parse(json)!.AsObject();

    static JsonObject Deployment(string spec, string labels = """{"app":"web"}""") => J($$"""
        {"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"default","labels":{{labels}}},"spec":{{spec}}}
        """);

    const string NginxSpec = """{"replicas":3,"template":{"spec":{"containers":[{"name":"nginx","image":"nginx"}]}}}""";

    static JsonArray Entries(JsonObject obj) => obj["metadata"]!["managedFields"]!.AsArray();

    static JsonObject Entry(JsonObject obj, string manager, string operation = "Apply") =>
        Entries(obj).Single(e => (string?)e!["manager"] == manager && (string?)e["operation"] == operation)!.AsObject();

    static void AssertJson(string expected, JsonNode? actual) =>
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), actual), $"expected {expected}\nactual   {actual?.ToJsonString()}");

    static JsonObject Apply(JsonObject? live, JsonObject config, string manager, bool force = false) =>
        FieldManager.Apply(Deployments, live, config, manager, force, subresource: null, T0);

    static JsonObject Created(JsonObject obj)
    {
        FieldManager.RecordUpdate(Deployments, null, obj, "creator", null, T0);
        return obj;
    }

    [Fact]
    public void Creates_of_one_structure_share_a_field_set_and_a_different_list_item_gets_its_own()
    {
        // The second create hits the set cached for the first one's structure (values differ, keys do not) ...
        var first = Created(Deployment(NginxSpec, """{"app":"web","pod-template-hash":"aaa"}"""));
        var second = Created(Deployment(NginxSpec.Replace("\"replicas\":3", "\"replicas\":5"), """{"app":"api","pod-template-hash":"bbb"}"""));
        AssertJson(Entry(first, "creator", "Update")["fieldsV1"]!.ToJsonString(), Entry(second, "creator", "Update")["fieldsV1"]);
        // ... while a list item named otherwise, or one more label, is another structure with its own fields.
        var renamed = Created(Deployment(NginxSpec.Replace("\"name\":\"nginx\"", "\"name\":\"envoy\""), """{"app":"web","pod-template-hash":"ccc"}"""));
        AssertJson("""
            {"f:metadata":{"f:labels":{".":{},"f:app":{},"f:pod-template-hash":{}}},"f:spec":{".":{},"f:replicas":{},"f:template":{".":{},"f:spec":{".":{},"f:containers":{".":{},"k:{\"name\":\"envoy\"}":{".":{},"f:image":{},"f:name":{}}}}}}}
            """, Entry(renamed, "creator", "Update")["fieldsV1"]);
        var labelled = Created(Deployment(NginxSpec, """{"app":"web","pod-template-hash":"ddd","tier":"backend"}"""));
        Assert.NotNull(Entry(labelled, "creator", "Update")["fieldsV1"]!["f:metadata"]!["f:labels"]!["f:tier"]);
    }

    [Fact]
    public void The_skeleton_of_a_create_keeps_keys_kinds_and_lists_but_not_values()
    {
        var a = CreatedFieldsCache.Skeleton(Deployments, Deployment(NginxSpec, """{"app":"web"}"""));
        Assert.Equal(a, CreatedFieldsCache.Skeleton(Deployments, Deployment(NginxSpec, """{"app":"other"}""")));
        Assert.NotEqual(a, CreatedFieldsCache.Skeleton(Deployments, Deployment(NginxSpec, """{"app":7}""")));
        Assert.NotEqual(a, CreatedFieldsCache.Skeleton(Deployments, Deployment(NginxSpec.Replace("nginx\"}", "nginx:2\"}"), """{"app":"web"}""")));
        var withManagedFields = Deployment(NginxSpec, """{"app":"web"}""");
        withManagedFields["metadata"]!["managedFields"] = new JsonArray();
        Assert.Equal(a, CreatedFieldsCache.Skeleton(Deployments, withManagedFields));
    }

    [Fact]
    public void Apply_records_the_applied_fields_in_fields_v1()
    {
        var created = Apply(null, Deployment(NginxSpec), "kubectl");
        var entry = Entry(created, "kubectl");
        AssertJson("""
            {"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:replicas":{},"f:template":{"f:spec":{"f:containers":{"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{}}}}}}}
            """, entry["fieldsV1"]);
        Assert.Equal("apps/v1", (string?)entry["apiVersion"]);
        Assert.Equal("2024-04-10T00:44:50Z", (string?)entry["time"]);
        Assert.Equal("FieldsV1", (string?)entry["fieldsType"]);
    }

    [Fact]
    public void Fields_v1_round_trips_and_is_written_in_path_element_order()
    {
        var set = FieldSetBuilder.Build(LocalCluster.Patching.MergeSchema.ForResource(Deployments), Deployment(
            """{"template":{"spec":{"containers":[{"name":"b","ports":[{"containerPort":80}]},{"name":"a"}]}}}""", """{"z":"1","a":"2"}"""));
        var encoded = FieldsV1.Encode(set);
        Assert.Equal(encoded.ToJsonString(), FieldsV1.Encode(FieldsV1.Decode(encoded)!).ToJsonString());
        var containers = encoded["f:spec"]!["f:template"]!["f:spec"]!["f:containers"]!.AsObject();
        Assert.Equal(["k:{\"name\":\"a\"}", "k:{\"name\":\"b\"}"], containers.Select(kv => kv.Key));
        // The port's protocol is a key with a default, so the item is named with it.
        Assert.True(containers["k:{\"name\":\"b\"}"]!["f:ports"]!.AsObject().ContainsKey("k:{\"containerPort\":80,\"protocol\":\"TCP\"}"));
        Assert.Equal(["f:a", "f:z"], encoded["f:metadata"]!["f:labels"]!.AsObject().Select(kv => kv.Key));
    }

    [Fact]
    public void A_different_value_owned_by_another_applier_conflicts()
    {
        var live = Apply(null, Deployment(NginxSpec), "alice");
        var e = Assert.Throws<StatusError>(() => Apply(live, Deployment("""{"replicas":5}"""), "bob"));
        Assert.Equal(409, e.Code);
        Assert.Equal("Conflict", e.Reason);
        Assert.Equal("Apply failed with 1 conflict: conflict with \"alice\": .spec.replicas", e.Message);
        AssertJson("""{"causes":[{"reason":"FieldManagerConflict","message":"conflict with \"alice\"","field":".spec.replicas"}]}""", e.Details);
    }

    [Fact]
    public void Conflicts_with_an_update_manager_name_its_api_version_and_group_by_manager()
    {
        var live = Deployment(NginxSpec);
        FieldManager.RecordUpdate(Deployments, null, live, "kubectl-client-side-apply", null, T0);
        var applied = Apply(null, Deployment(NginxSpec), "alice");
        var merged = live.DeepClone().AsObject();
        merged["metadata"]!["managedFields"] = new JsonArray([.. Entries(live).Select(n => n!.DeepClone()), Entry(applied, "alice").DeepClone()]);

        var e = Assert.Throws<StatusError>(() => Apply(merged, Deployment(
            """{"replicas":5,"template":{"spec":{"containers":[{"name":"nginx","image":"nginx:2"}]}}}"""), "bob"));
        Assert.Equal("""
            Apply failed with 4 conflicts: conflicts with "alice":
            - .spec.replicas
            - .spec.template.spec.containers[name="nginx"].image
            conflicts with "kubectl-client-side-apply" using apps/v1:
            - .spec.replicas
            - .spec.template.spec.containers[name="nginx"].image
            """.ReplaceLineEndings("\n"), e.Message);
    }

    [Fact]
    public void Kubectl_takes_over_fields_client_side_apply_set_but_other_managers_conflict()
    {
        var config = Deployment(NginxSpec);
        var live = config.DeepClone().AsObject();
        live["metadata"]!["annotations"] = new JsonObject { ["kubectl.kubernetes.io/last-applied-configuration"] = config.ToJsonString() };
        FieldManager.RecordUpdate(Deployments, null, live, "kubectl-client-side-apply", null, T0);

        var e = Assert.Throws<StatusError>(() => Apply(live, Deployment("""{"replicas":5}"""), "someone"));
        Assert.Contains("conflict with \"kubectl-client-side-apply\" using apps/v1: .spec.replicas", e.Message);

        var migrated = Apply(live, Deployment("""{"replicas":5}"""), "kubectl");
        Assert.Equal(5, (int?)migrated["spec"]!["replicas"]);
        Assert.Contains("\"replicas\":5", (string?)migrated["metadata"]!["annotations"]!["kubectl.kubernetes.io/last-applied-configuration"]);

        // A field changed since the client-side apply is a real conflict, even for kubectl.
        var drifted = live.DeepClone().AsObject();
        drifted["spec"]!["replicas"] = 4;
        FieldManager.RecordUpdate(Deployments, live, drifted, "kubectl-client-side-apply", null, T0);
        Assert.Equal(409, Assert.Throws<StatusError>(() => Apply(drifted, Deployment("""{"replicas":5}"""), "kubectl")).Code);
    }

    [Fact]
    public void Force_takes_the_conflicting_fields()
    {
        var live = Apply(null, Deployment(NginxSpec), "alice");
        var forced = Apply(live, Deployment("""{"replicas":5}"""), "bob", force: true);
        Assert.Equal(5, (int?)forced["spec"]!["replicas"]);
        Assert.False(Entry(forced, "alice")["fieldsV1"]!["f:spec"]!.AsObject().ContainsKey("f:replicas"));
        AssertJson("""{"f:metadata":{"f:labels":{"f:app":{}}},"f:spec":{"f:replicas":{}}}""", Entry(forced, "bob")["fieldsV1"]);
    }

    [Fact]
    public void The_same_value_is_shared_and_survives_one_owner_letting_go()
    {
        var live = Apply(null, Deployment(NginxSpec), "alice");
        var shared = Apply(live, Deployment("""{"replicas":3}"""), "bob");
        var released = Apply(shared, Deployment("""{"template":{"spec":{"containers":[{"name":"nginx","image":"nginx"}]}}}"""), "alice");
        Assert.Equal(3, (int?)released["spec"]!["replicas"]);
    }

    [Fact]
    public void Fields_an_applier_stops_applying_are_removed()
    {
        var live = Apply(null, Deployment(NginxSpec, """{"app":"web","tier":"front"}"""), "alice");
        var next = Apply(live, Deployment("""{"replicas":3,"template":{"spec":{"containers":[{"name":"nginx","image":"nginx"}]}}}"""), "alice");
        AssertJson("""{"app":"web"}""", next["metadata"]!["labels"]);
        var noContainers = Apply(next, Deployment("""{"replicas":3}"""), "alice");
        Assert.Null(noContainers["spec"]!["template"]);
    }

    [Fact]
    public void Update_takes_changed_fields_from_appliers_without_conflict()
    {
        var live = Apply(null, Deployment(NginxSpec), "alice");
        var updated = live.DeepClone().AsObject();
        updated["spec"]!["replicas"] = 7;
        FieldManager.RecordUpdate(Deployments, live, updated, "kubectl-scale", "scale", T0.AddMinutes(1));
        AssertJson("""{"f:spec":{"f:replicas":{}}}""", Entry(updated, "kubectl-scale", "Update")["fieldsV1"]);
        Assert.Equal("scale", (string?)Entry(updated, "kubectl-scale", "Update")["subresource"]);
        Assert.False(Entry(updated, "alice")["fieldsV1"]!["f:spec"]!.AsObject().ContainsKey("f:replicas"));
        // Entries are written Apply first, then Update.
        Assert.Equal(["Apply", "Update"], Entries(updated).Select(e => (string?)e!["operation"]));
    }

    [Fact]
    public void A_create_records_every_field_and_added_containers_as_items()
    {
        var created = Deployment(NginxSpec);
        FieldManager.RecordUpdate(Deployments, null, created, "kubectl-create", null, T0);
        var entry = Entry(created, "kubectl-create", "Update");
        Assert.Equal("apps/v1", (string?)entry["apiVersion"]);
        AssertJson("""
            {"f:metadata":{"f:labels":{".":{},"f:app":{}}},"f:spec":{".":{},"f:replicas":{},"f:template":{".":{},"f:spec":{".":{},"f:containers":{".":{},"k:{\"name\":\"nginx\"}":{".":{},"f:image":{},"f:name":{}}}}}}}
            """, entry["fieldsV1"]);
    }

    [Fact]
    public void An_update_that_changes_nothing_keeps_the_entry_time()
    {
        var created = Deployment(NginxSpec);
        FieldManager.RecordUpdate(Deployments, null, created, "kubectl-create", null, T0);
        var same = created.DeepClone().AsObject();
        FieldManager.RecordUpdate(Deployments, created, same, "kubectl-create", null, T0.AddHours(1));
        Assert.Equal("2024-04-10T00:44:50Z", (string?)Entry(same, "kubectl-create", "Update")["time"]);
    }

    [Fact]
    public void Update_entries_beyond_ten_are_merged_into_ancient_changes()
    {
        var obj = Deployment("""{"replicas":1}""");
        for (var i = 0; i < 12; i++)
        {
            var next = obj.DeepClone().AsObject();
            next["metadata"]!["labels"]![$"l{i}"] = "x";
            FieldManager.RecordUpdate(Deployments, obj, next, $"writer-{i:D2}", null, T0.AddMinutes(i));
            obj = next;
        }
        var entries = Entries(obj);
        Assert.Equal(10, entries.Count);
        var ancient = Entry(obj, "ancient-changes", "Update");
        // writer-00 (which also created the labels map) and the next two oldest were merged.
        AssertJson("""{"f:metadata":{"f:labels":{"f:l0":{},"f:l1":{},"f:l2":{}}}}""", ancient["fieldsV1"]);
        Assert.Equal("2024-04-10T00:46:50Z", (string?)ancient["time"]);
        Assert.DoesNotContain(entries, e => (string?)e!["manager"] is "writer-00" or "writer-01" or "writer-02");
    }

    [Fact]
    public void Managed_fields_can_be_cleared_with_an_empty_entry()
    {
        var live = Apply(null, Deployment(NginxSpec), "alice");
        var cleared = live.DeepClone().AsObject();
        cleared["metadata"]!["managedFields"] = new JsonArray(new JsonObject());
        FieldManager.RecordUpdate(Deployments, live, cleared, "kubectl-patch", null, T0);
        Assert.Null(cleared["metadata"]!["managedFields"]);
    }

    [Fact]
    public void Status_is_ignored_by_main_resource_writes_and_status_writes_record_only_status()
    {
        var live = Deployment(NginxSpec);
        var withStatus = live.DeepClone().AsObject();
        withStatus["status"] = new JsonObject { ["replicas"] = 3 };
        FieldManager.RecordUpdate(Deployments, live, withStatus, "controller", "status", T0);
        var entry = Entry(withStatus, "controller", "Update");
        AssertJson("""{"f:status":{".":{},"f:replicas":{}}}""", entry["fieldsV1"]);
        Assert.Equal("status", (string?)entry["subresource"]);

        var applied = Apply(null, J("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web"},"spec":{"replicas":1},"status":{"replicas":9}}"""), "alice");
        Assert.False(Entry(applied, "alice")["fieldsV1"]!.AsObject().ContainsKey("f:status"));
    }

    [Fact]
    public void Apply_rejects_the_wrong_kind_managed_fields_and_untyped_configurations()
    {
        var wrongKind = Assert.Throws<StatusError>(() => Apply(null, J("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"x"}}"""), "a"));
        Assert.Equal((400, "invalid object type: /v1, Kind=ConfigMap"), (wrongKind.Code, wrongKind.Message));

        var withManagedFields = Assert.Throws<StatusError>(() => Apply(null, J("""{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"x","managedFields":[]}}"""), "a"));
        Assert.Equal((400, "metadata.managedFields must be nil"), (withManagedFields.Code, withManagedFields.Message));

        var unknown = Assert.Throws<StatusError>(() => Apply(null, Deployment("""{"replicas":1,"bogus":true}"""), "a"));
        Assert.Equal(400, unknown.Code);
        Assert.Equal("failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.bogus: field not declared in schema", unknown.Message);

        var noKey = Assert.Throws<StatusError>(() => Apply(null, Deployment("""{"template":{"spec":{"containers":[{"image":"x"}]}}}"""), "a"));
        Assert.Equal("failed to create typed patch object (default/web; apps/v1, Kind=Deployment): .spec.template.spec.containers: element 0: associative list with keys has an element that omits key field \"name\" (and doesn't have default value)", noKey.Message);

        var duplicate = Assert.Throws<StatusError>(() => Apply(null, Deployment("""{"template":{"spec":{"containers":[{"name":"x"},{"name":"x"}]}}}"""), "a"));
        Assert.EndsWith(".spec.template.spec.containers: duplicate entries for key [name=\"x\"]", duplicate.Message);
    }

    [Fact]
    public void Merged_lists_follow_the_configuration_order_for_the_items_it_names()
    {
        var live = Apply(null, Deployment("""{"template":{"spec":{"containers":[{"name":"a"},{"name":"b"},{"name":"c"}]}}}"""), "alice");
        var reordered = Apply(live, Deployment("""{"template":{"spec":{"containers":[{"name":"c"},{"name":"a"}]}}}"""), "bob");
        // structured-merge-diff's merge: live-only items keep their place, named items follow the configuration.
        Assert.Equal("b,c,a", string.Join(",", reordered["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => (string?)c!["name"])));
        var own = Apply(live, Deployment("""{"template":{"spec":{"containers":[{"name":"c"},{"name":"b"},{"name":"a"}]}}}"""), "alice");
        Assert.Equal("c,b,a", string.Join(",", own["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Select(c => (string?)c!["name"])));
    }
}
