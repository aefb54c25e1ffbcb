using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Admission;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Storage;

namespace Coxswain.LocalCluster.Tests.Admission;

public sealed class WebhookMatcherTests : IAsyncLifetime
{
    static readonly ResourceDefinition WidgetsV1 = new()
    {
        Group = "example.com", Version = "v1", Kind = "Widget", Plural = "widgets", Singular = "widget", Namespaced = true,
    };

    static readonly ResourceDefinition WidgetsV1Beta1 = WidgetsV1 with { Version = "v1beta1" };

    readonly ResourceCatalog catalog = new([.. BuiltInResources.All, WidgetsV1, WidgetsV1Beta1]);
    readonly ObjectStore store;
    readonly WebhookMatcher matcher;

    public WebhookMatcherTests()
    {
        store = new ObjectStore(new MemoryRevisionLog(), new ObjectAttributesFactory(catalog).Compute);
        matcher = new WebhookMatcher(store, catalog);
    }

    public async Task InitializeAsync()
    {
        await AddNamespaceAsync("team-a", """{"team":"a"}""");
        await AddNamespaceAsync("team-b", """{"team":"b"}""");
    }

    public async Task DisposeAsync() => await store.DisposeAsync();

    Task AddNamespaceAsync(string name, string labels) =>
        store.CreateAsync(ObjectKeys.For(BuiltInResources.Namespaces, null, name),
            JsonNode.Parse($$"""{"apiVersion":"v1","kind":"Namespace","metadata":{"name":"{{name}}","labels":{{labels}} } }""")!.AsObject());

    static Webhook Hook(string json) =>
        Webhook.Parse(JsonNode.Parse(json)!.AsObject(), "config", 0, mutating: false);

    /// <summary>A webhook named <paramref name="name"/> with <paramref name="rules"/> and further <paramref name="fields"/> (JSON members).</summary>
    static Webhook Hook(string name, string rules, string fields = "") =>
        Hook("{\"name\":\"" + name + "\"," + rules + (fields.Length > 0 ? "," + fields : "") + "}");

    static JsonObject Labelled(string labels) => JsonNode.Parse($$"""{"metadata":{"name":"x","labels":{{labels}} } }""")!.AsObject();

    static AdmissionAttributes Request(ResourceDefinition r, string? ns, JsonObject? obj = null, JsonObject? old = null,
        AdmissionOperation operation = AdmissionOperation.Create, string? subresource = null) =>
        new() { Resource = r, Namespace = ns, Name = "x", Object = obj ?? Labelled("{}"), OldObject = old, Operation = operation, Subresource = subresource };

    const string AllRules = """ "rules":[{"operations":["*"],"apiGroups":["*"],"apiVersions":["*"],"resources":["*"]}] """;

    [Fact]
    public void NamespaceSelector_looks_at_the_labels_of_the_objects_namespace()
    {
        var hook = Hook("a.test.io", AllRules, """ "namespaceSelector":{"matchLabels":{"team":"a"}} """);

        Assert.NotNull(matcher.Match(hook, Request(BuiltInResources.ConfigMaps, "team-a")));
        Assert.Null(matcher.Match(hook, Request(BuiltInResources.ConfigMaps, "team-b")));
        // Cluster-scoped objects other than namespaces are never excluded by a namespaceSelector.
        Assert.NotNull(matcher.Match(hook, Request(BuiltInResources.Nodes, null)));
    }

    [Fact]
    public void Namespaces_are_judged_by_their_own_labels()
    {
        var hook = Hook("a.test.io", AllRules, """ "namespaceSelector":{"matchLabels":{"team":"a"}} """);

        Assert.NotNull(matcher.Match(hook, Request(BuiltInResources.Namespaces, null, Labelled("""{"team":"a"}"""))));
        Assert.Null(matcher.Match(hook, Request(BuiltInResources.Namespaces, null, Labelled("""{"team":"b"}"""))));
        // A delete has no new object: the stored namespace's labels decide.
        Assert.NotNull(matcher.Match(hook, Request(BuiltInResources.Namespaces, "team-a", obj: null, operation: AdmissionOperation.Delete) with { Object = null }));
        Assert.Null(matcher.Match(hook, Request(BuiltInResources.Namespaces, "team-b", operation: AdmissionOperation.Delete) with { Object = null }));
    }

    [Fact]
    public void A_missing_namespace_is_404_but_only_for_webhooks_whose_rules_match()
    {
        var matching = Hook("a.test.io", AllRules, """ "namespaceSelector":{"matchLabels":{"team":"a"}} """);
        var other = Hook("""{"name":"b.test.io","rules":[{"operations":["*"],"apiGroups":["apps"],"apiVersions":["*"],"resources":["*"]}],"namespaceSelector":{"matchLabels":{"team":"a"}}}""");

        var error = Assert.Throws<StatusError>(() => matcher.Match(matching, Request(BuiltInResources.ConfigMaps, "gone")));
        Assert.Equal(404, error.Code);
        Assert.Equal("namespaces \"gone\" not found", error.Message);
        Assert.Null(matcher.Match(other, Request(BuiltInResources.ConfigMaps, "gone")));
    }

    [Fact]
    public void ObjectSelector_matches_the_new_or_the_old_object()
    {
        var hook = Hook("a.test.io", AllRules, """ "objectSelector":{"matchExpressions":[{"key":"guarded","operator":"Exists"}]} """);

        Assert.NotNull(matcher.Match(hook, Request(BuiltInResources.ConfigMaps, "team-a", Labelled("""{"guarded":""}"""))));
        Assert.NotNull(matcher.Match(hook, Request(BuiltInResources.ConfigMaps, "team-a", Labelled("{}"), Labelled("""{"guarded":"1"}"""), AdmissionOperation.Update)));
        Assert.NotNull(matcher.Match(hook, Request(BuiltInResources.ConfigMaps, "team-a", operation: AdmissionOperation.Delete, old: Labelled("""{"guarded":"1"}""")) with { Object = null }));
        Assert.Null(matcher.Match(hook, Request(BuiltInResources.ConfigMaps, "team-a", Labelled("""{"other":"1"}"""), Labelled("{}"), AdmissionOperation.Update)));
    }

    [Fact]
    public void Equivalent_policy_reaches_other_versions_of_the_resource_and_Exact_does_not()
    {
        const string rules = """ "rules":[{"operations":["CREATE"],"apiGroups":["example.com"],"apiVersions":["v1beta1"],"resources":["widgets"]}] """;
        var equivalent = Hook("e.test.io", rules);
        var exact = Hook("x.test.io", rules, """ "matchPolicy":"Exact" """);

        var invocation = matcher.Match(equivalent, Request(WidgetsV1, "team-a"));

        Assert.Same(WidgetsV1Beta1, invocation?.Resource);
        Assert.Null(matcher.Match(exact, Request(WidgetsV1, "team-a")));
        Assert.Same(WidgetsV1Beta1, matcher.Match(exact, Request(WidgetsV1Beta1, "team-a"))?.Resource);
    }

    [Fact]
    public void Namespace_objects_count_as_cluster_scoped_for_rule_scope()
    {
        var namespaced = Hook("""{"name":"n.test.io","rules":[{"operations":["*"],"apiGroups":["*"],"apiVersions":["*"],"resources":["*"],"scope":"Namespaced"}]}""");
        var cluster = Hook("""{"name":"c.test.io","rules":[{"operations":["*"],"apiGroups":["*"],"apiVersions":["*"],"resources":["*"],"scope":"Cluster"}]}""");
        var updatingNamespace = Request(BuiltInResources.Namespaces, "team-a", Labelled("{}"), Labelled("{}"), AdmissionOperation.Update);

        Assert.Null(matcher.Match(namespaced, updatingNamespace));
        Assert.NotNull(matcher.Match(cluster, updatingNamespace));
        Assert.NotNull(matcher.Match(namespaced, Request(BuiltInResources.ConfigMaps, "team-a")));
        Assert.Null(matcher.Match(cluster, Request(BuiltInResources.ConfigMaps, "team-a")));
    }

    [Fact]
    public void An_unparsable_selector_is_an_internal_error()
    {
        var hook = Hook("a.test.io", AllRules, """ "objectSelector":{"matchExpressions":[{"key":"k","operator":"Near"}]} """);

        var error = Assert.Throws<StatusError>(() => matcher.Match(hook, Request(BuiltInResources.ConfigMaps, "team-a")));
        Assert.Equal(500, error.Code);
        Assert.Equal("Internal error occurred: \"Near\" is not a valid label selector operator", error.Message);
    }
}
