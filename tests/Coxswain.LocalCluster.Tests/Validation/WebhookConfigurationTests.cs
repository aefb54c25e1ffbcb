using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using static Coxswain.LocalCluster.Tests.Validation.ValidationAssert;

namespace Coxswain.LocalCluster.Tests.Validation;

public class WebhookConfigurationTests
{
    static readonly ResourceDefinition Mutating = BuiltInResources.MutatingWebhookConfigurations;
    static readonly ResourceDefinition Validating = BuiltInResources.ValidatingWebhookConfigurations;

    const string Hook = """
        {"name":"vpod.kb.io","sideEffects":"None","admissionReviewVersions":["v1"],
         "clientConfig":{"service":{"name":"webhook","namespace":"system","path":"/validate-pod"}},
         "rules":[{"operations":["CREATE","UPDATE"],"apiGroups":[""],"apiVersions":["v1"],"resources":["pods"]}]}
        """;

    static JsonObject Configuration(string kind, string hook) =>
        ParseJson("""{"apiVersion":"admissionregistration.k8s.io/v1","kind":"KIND","metadata":{"name":"kruise"},"webhooks":[HOOK]}""".Replace("KIND", kind).Replace("HOOK", hook));

    static JsonObject HookWith(Action<JsonObject> edit)
    {
        var hook = ParseJson(Hook);
        edit(hook);
        return hook;
    }

    [Fact]
    public void DefaultsFillPoliciesSelectorsTimeoutAndPort()
    {
        var config = Configuration("MutatingWebhookConfiguration", Hook);
        Assert.Empty(Create(Mutating, config));
        var hook = config["webhooks"]![0]!;
        Assert.Equal("Fail", (string?)hook["failurePolicy"]);
        Assert.Equal("Equivalent", (string?)hook["matchPolicy"]);
        Assert.Equal(10, (int)hook["timeoutSeconds"]!);
        Assert.Equal("Never", (string?)hook["reinvocationPolicy"]);
        Assert.True(JsonNode.DeepEquals(new JsonObject(), hook["namespaceSelector"]));
        Assert.True(JsonNode.DeepEquals(new JsonObject(), hook["objectSelector"]));
        Assert.Equal("*", (string?)hook["rules"]![0]!["scope"]);
        Assert.Equal(443, (int)hook["clientConfig"]!["service"]!["port"]!);
    }

    [Fact]
    public void ValidatingWebhooksHaveNoReinvocationPolicy()
    {
        var config = Configuration("ValidatingWebhookConfiguration", Hook);
        Assert.Empty(Create(Validating, config));
        Assert.Null(config["webhooks"]![0]!["reinvocationPolicy"]);
    }

    public static TheoryData<string, string> Rules => new()
    {
        { HookWith(h => h["name"] = "vpod").ToJsonString(), "webhooks[0].name: Invalid value: \"vpod\": should be a domain with at least three segments separated by dots" },
        { HookWith(h => h.Remove("sideEffects")).ToJsonString(), "webhooks[0].sideEffects: Required value: must specify one of None, NoneOnDryRun" },
        { HookWith(h => h["sideEffects"] = "Some").ToJsonString(), "webhooks[0].sideEffects: Unsupported value: \"Some\": supported values: \"None\", \"NoneOnDryRun\"" },
        { HookWith(h => h.Remove("admissionReviewVersions")).ToJsonString(), "webhooks[0].admissionReviewVersions: Required value: must specify one of v1, v1beta1" },
        { HookWith(h => h["admissionReviewVersions"] = new JsonArray("v2")).ToJsonString(),
            "webhooks[0].admissionReviewVersions: Invalid value: []string{\"v2\"}: must include at least one of v1, v1beta1" },
        { HookWith(h => h["timeoutSeconds"] = 31).ToJsonString(), "webhooks[0].timeoutSeconds: Invalid value: 31: the timeout value must be between 1 and 30 seconds" },
        { HookWith(h => h["failurePolicy"] = "Maybe").ToJsonString(), "webhooks[0].failurePolicy: Unsupported value: \"Maybe\": supported values: \"Fail\", \"Ignore\"" },
        { HookWith(h => h["clientConfig"] = new JsonObject()).ToJsonString(), "webhooks[0].clientConfig: Required value: exactly one of url or service is required" },
        { HookWith(h => h["clientConfig"] = ParseJson("""{"url":"http://example.com/hook"}""")).ToJsonString(),
            "webhooks[0].clientConfig.url: Invalid value: \"http\": 'https' is the only allowed URL scheme; desired format: https://host[/path]" },
        { HookWith(h => h["clientConfig"]!["service"]!.AsObject().Remove("name")).ToJsonString(),
            "webhooks[0].clientConfig.service.namespace: Required value: service namespace is required" },
        { HookWith(h => h["rules"]![0]!["operations"] = new JsonArray("PATCH")).ToJsonString(),
            "webhooks[0].rules[0].operations[0]: Unsupported value: \"PATCH\": supported values: \"*\", \"CONNECT\", \"CREATE\", \"DELETE\", \"UPDATE\"" },
        { HookWith(h => h["rules"]![0]!["resources"] = new JsonArray("*", "pods")).ToJsonString(),
            "webhooks[0].rules[0].resources: Invalid value: []string{\"*\", \"pods\"}: if '*' is present, must not specify other resources without subresources" },
        { HookWith(h => h["namespaceSelector"] = ParseJson("""{"matchExpressions":[{"key":"env","operator":"In"}]}""")).ToJsonString(),
            "webhooks[0].namespaceSelector.matchExpressions[0].values: Required value: must be specified when `operator` is 'In' or 'NotIn'" },
    };

    [Theory]
    [MemberData(nameof(Rules))]
    public void EachRuleReportsUpstreamsPathAndMessage(string hook, string expected) =>
        CreateFailsWith(Validating, Configuration("ValidatingWebhookConfiguration", hook), expected);

    [Fact]
    public void WebhookNamesAreUniquePerConfiguration()
    {
        var config = Configuration("ValidatingWebhookConfiguration", Hook + "," + Hook);
        CreateFailsWith(Validating, config, "webhooks[1].name: Duplicate value: \"vpod.kb.io\"");
    }

    [Fact]
    public void StoredSideEffectsOutsideNoneStayUpdatable()
    {
        var old = Configuration("ValidatingWebhookConfiguration", HookWith(h => h["sideEffects"] = "Unknown").ToJsonString());
        Coxswain.LocalCluster.Validation.BuiltInDefaults.ApplyOnCreate(Validating, old);
        var updated = Edited(old, c => c["webhooks"]![0]!["timeoutSeconds"] = 5);
        Assert.Empty(Update(Validating, updated, old));
    }
}
