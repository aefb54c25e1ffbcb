using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Selectors;

namespace Coxswain.LocalCluster.Tests.Selectors;

public class SelectableFieldsTests
{
    static JsonObject Json(string text) => JsonNode.Parse(text)!.AsObject();

    static readonly JsonObject RunningPod = Json("""
        {"apiVersion":"v1","kind":"Pod","metadata":{"name":"web-1","namespace":"shop"},
         "spec":{"nodeName":"node-a","restartPolicy":"Always","schedulerName":"default-scheduler","serviceAccountName":"default"},
         "status":{"phase":"Running","podIP":"10.0.0.9","podIPs":[{"ip":"10.0.0.7"},{"ip":"fd00::7"}]}}
        """);

    [Fact]
    public void Pods_select_by_the_fields_kube_apiserver_supports()
    {
        var fields = SelectableFields.For(BuiltInResources.Pods);
        Assert.Equal(
        [
            "metadata.name", "metadata.namespace", "spec.hostNetwork", "spec.nodeName", "spec.restartPolicy", "spec.schedulerName",
            "spec.serviceAccountName", "status.nominatedNodeName", "status.phase", "status.podIP", "status.podIPs",
        ], fields.Names);

        Assert.Equal(new Dictionary<string, string>
        {
            ["metadata.name"] = "web-1", ["metadata.namespace"] = "shop",
            ["spec.nodeName"] = "node-a", ["spec.restartPolicy"] = "Always", ["spec.schedulerName"] = "default-scheduler",
            ["spec.serviceAccountName"] = "default",
            ["spec.hostNetwork"] = "false", // unset booleans read as Go's zero value
            ["status.phase"] = "Running",
            ["status.podIP"] = "10.0.0.7", // the primary IP comes from status.podIPs[0]
            ["status.podIPs"] = "", // accepted but never filled in upstream
            ["status.nominatedNodeName"] = "",
        }, fields.ValuesOf(RunningPod));
    }

    [Fact]
    public void Pod_values_fall_back_and_format_like_upstream()
    {
        var fields = SelectableFields.For(BuiltInResources.Pods);
        var pod = Json("""{"metadata":{"name":"p"},"spec":{"hostNetwork":true},"status":{"podIP":"10.1.1.1"}}""");
        Assert.Equal("true", fields.ValueOf(pod, "spec.hostNetwork"));
        Assert.Equal("10.1.1.1", fields.ValueOf(pod, "status.podIP"));
        Assert.Equal("", fields.ValueOf(pod, "metadata.namespace"));
        Assert.Null(fields.ValueOf(pod, "spec.foo"));
    }

    [Fact]
    public void Matcher_applies_a_validated_selector_to_objects()
    {
        var fields = SelectableFields.For(BuiltInResources.Pods);
        // What kubectl describe node sends.
        var onNodeA = fields.CreateMatcher(FieldSelector.Parse("spec.nodeName=node-a,status.phase!=Succeeded,status.phase!=Failed"));
        Assert.True(onNodeA(RunningPod));
        Assert.False(onNodeA(Json("""{"metadata":{"name":"x"},"spec":{"nodeName":"node-a"},"status":{"phase":"Failed"}}""")));
        Assert.False(onNodeA(Json("""{"metadata":{"name":"x"},"spec":{"nodeName":"node-b"}}""")));

        Assert.True(fields.CreateMatcher(FieldSelector.Parse("spec.hostNetwork=false"))(RunningPod));
        Assert.True(fields.CreateMatcher(FieldSelector.Everything)(RunningPod));
    }

    [Fact]
    public void Pods_accept_the_legacy_spec_host_as_spec_nodeName()
    {
        var fields = SelectableFields.For(BuiltInResources.Pods);
        Assert.True(fields.Supports("spec.host"));
        Assert.Equal("spec.nodeName=node-a", fields.Validate(FieldSelector.Parse("spec.host=node-a")).ToString());
        Assert.True(fields.CreateMatcher(FieldSelector.Parse("spec.host=node-a"))(RunningPod));
    }

    [Fact]
    public void Unsupported_fields_are_rejected_with_the_kinds_message()
    {
        StatusAssert.BadRequest("field label not supported: spec.foo",
            () => SelectableFields.For(BuiltInResources.Pods).Validate(FieldSelector.Parse("metadata.name=a,spec.foo=x")));
        StatusAssert.BadRequest("field label not supported: spec.foo",
            () => SelectableFields.For(BuiltInResources.Pods).CreateMatcher(FieldSelector.Parse("spec.foo=x")));
        // Nodes and namespaces do not accept metadata.namespace at all.
        StatusAssert.BadRequest("field label not supported: metadata.namespace",
            () => SelectableFields.For(BuiltInResources.Nodes).Validate(FieldSelector.Parse("metadata.namespace=x")));
        StatusAssert.BadRequest("field label not supported: metadata.namespace",
            () => SelectableFields.For(BuiltInResources.Namespaces).Validate(FieldSelector.Parse("metadata.namespace=x")));
        // Built-in kinds without their own conversion function get apimachinery's default message.
        StatusAssert.BadRequest("\"spec.foo\" is not a known field selector: only \"metadata.name\", \"metadata.namespace\"",
            () => SelectableFields.For(BuiltInResources.ConfigMaps).Validate(FieldSelector.Parse("spec.foo=x")));
        StatusAssert.BadRequest("field label not supported: involvedObject.kind",
            () => SelectableFields.For(BuiltInResources.EventsV1).Validate(FieldSelector.Parse("involvedObject.kind=Pod")));
    }

    [Fact]
    public void Core_events_select_by_involved_object_and_source()
    {
        var fields = SelectableFields.For(BuiltInResources.CoreEvents);
        var evt = Json("""
            {"metadata":{"name":"web-1.17f","namespace":"shop"},
             "involvedObject":{"kind":"Pod","namespace":"shop","name":"web-1","uid":"u-1","apiVersion":"v1","resourceVersion":"42","fieldPath":"spec.containers{app}"},
             "reason":"Scheduled","type":"Normal","reportingComponent":"default-scheduler"}
            """);
        // What kubectl describe sends for a pod's events.
        var describe = fields.CreateMatcher(FieldSelector.Parse(
            "involvedObject.name=web-1,involvedObject.namespace=shop,involvedObject.kind=Pod,involvedObject.uid=u-1"));
        Assert.True(describe(evt));
        Assert.Equal("default-scheduler", fields.ValueOf(evt, "source")); // no source.component: falls back to reportingComponent
        Assert.Equal("spec.containers{app}", fields.ValueOf(evt, "involvedObject.fieldPath"));

        evt["source"] = new JsonObject { ["component"] = "kubelet" };
        Assert.Equal("kubelet", fields.ValueOf(evt, "source"));
    }

    [Fact]
    public void Events_k8s_io_select_stored_core_events_by_their_own_field_names()
    {
        var fields = SelectableFields.For(BuiltInResources.EventsV1);
        // Stored as a core/v1 Event whatever group wrote it.
        var evt = Json("""
            {"metadata":{"name":"e","namespace":"shop"},"involvedObject":{"kind":"Deployment","name":"web"},
             "reason":"ScalingReplicaSet","type":"Normal","reportingComponent":"deployment-controller"}
            """);
        Assert.True(fields.CreateMatcher(FieldSelector.Parse("regarding.kind=Deployment,regarding.name=web,type=Normal"))(evt));
        Assert.Equal("deployment-controller", fields.ValueOf(evt, "reportingController"));
        // Only events.k8s.io's own labels convert: the core names and source are not among them.
        foreach (var unsupported in new[] { "involvedObject.kind", "source", "reportingComponent" })
            Assert.Equal($"field label not supported: {unsupported}",
                Assert.Throws<StatusError>(() => fields.Validate(FieldSelector.Parse($"{unsupported}=x"))).Message);
    }

    [Fact]
    public void Other_built_in_rows()
    {
        var secret = Json("""{"metadata":{"name":"s","namespace":"n"},"type":"kubernetes.io/tls"}""");
        Assert.Equal("kubernetes.io/tls", SelectableFields.For(BuiltInResources.Secrets).ValueOf(secret, "type"));

        var nodes = SelectableFields.For(BuiltInResources.Nodes);
        Assert.Equal(["metadata.name", "spec.unschedulable"], nodes.Names);
        Assert.Equal("false", nodes.ValueOf(Json("""{"metadata":{"name":"n"}}"""), "spec.unschedulable"));
        Assert.Equal("true", nodes.ValueOf(Json("""{"metadata":{"name":"n"},"spec":{"unschedulable":true}}"""), "spec.unschedulable"));

        Assert.Equal("Terminating",
            SelectableFields.For(BuiltInResources.Namespaces).ValueOf(Json("""{"metadata":{"name":"n"},"status":{"phase":"Terminating"}}"""), "status.phase"));

        var service = Json("""{"metadata":{"name":"s","namespace":"n"},"spec":{"type":"ClusterIP","clusterIP":"None"}}""");
        Assert.True(SelectableFields.For(BuiltInResources.Services).CreateMatcher(FieldSelector.Parse("spec.clusterIP=None,spec.type=ClusterIP"))(service));
    }

    [Fact]
    public void Every_built_in_resource_selects_by_name()
    {
        var obj = Json("""{"metadata":{"name":"x"}}""");
        foreach (var resource in BuiltInResources.All)
            Assert.True(SelectableFields.For(resource).CreateMatcher(FieldSelector.Parse("metadata.name=x"))(obj), resource.GroupResource);
    }

    static readonly ResourceDefinition Widgets = new()
    {
        Group = "example.com", Version = "v1", Kind = "Widget", Plural = "widgets", Singular = "widget", Namespaced = false,
    };

    [Fact]
    public void Custom_resources_select_by_name_namespace_when_namespaced_and_their_selectable_fields()
    {
        var clusterScoped = SelectableFields.For(Widgets);
        Assert.Equal(["metadata.name"], clusterScoped.Names);
        StatusAssert.BadRequest("field label not supported: metadata.namespace",
            () => clusterScoped.Validate(FieldSelector.Parse("metadata.namespace=x")));
        Assert.Equal(["metadata.name", "metadata.namespace"], SelectableFields.For(Widgets with { Namespaced = true }).Names);

        var declared = SelectableFields.ForCustomResource(namespaced: true, [".spec.color", ".spec.size", ".spec.enabled"]);
        var widget = Json("""{"metadata":{"name":"w","namespace":"n"},"spec":{"color":"blue","size":3,"enabled":false}}""");
        Assert.True(declared.CreateMatcher(FieldSelector.Parse("spec.color=blue,spec.size=3,spec.enabled=false"))(widget));
        Assert.Equal("", declared.ValueOf(Json("""{"metadata":{"name":"w"}}"""), "spec.size")); // absent evaluates to ""
        StatusAssert.BadRequest("field label not supported: spec.shape", () => declared.Validate(FieldSelector.Parse("spec.shape=round")));
    }
}
