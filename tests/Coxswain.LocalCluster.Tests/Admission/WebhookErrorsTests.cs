using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Admission;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Tests.Admission;

public class WebhookErrorsTests
{
    static readonly ResourceDefinition CloneSets = new()
    {
        Group = "apps.kruise.io", Version = "v1alpha1", Kind = "CloneSet", Plural = "clonesets", Singular = "cloneset", Namespaced = true,
    };

    static AdmissionAttributes Creating(string name, ResourceDefinition? r = null) =>
        new() { Resource = r ?? CloneSets, Operation = AdmissionOperation.Create, Name = name };

    static JsonObject Status(string json) => JsonNode.Parse(json)!.AsObject();

    [Fact]
    public void A_denial_without_a_code_is_403_Forbidden_naming_resource_object_and_webhook()
    {
        var error = WebhookErrors.Denied(Creating("x"), "vcloneset.kb.io", Status("""{"message":"replicas must be positive"}"""));

        Assert.Equal(403, error.Code);
        Assert.Equal("Forbidden", error.Reason);
        Assert.Equal("clonesets.apps.kruise.io \"x\" is forbidden: admission webhook \"vcloneset.kb.io\" denied the request: replicas must be positive", error.Message);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"name":"x","group":"apps.kruise.io","kind":"clonesets"}"""), error.Details));
    }

    [Fact]
    public void The_webhooks_code_reason_and_details_are_kept()
    {
        var error = WebhookErrors.Denied(Creating("x"), "v.test.io",
            Status("""{"code":422,"reason":"Invalid","message":"bad","details":{"causes":[{"field":"spec"}]}}"""));

        Assert.Equal(422, error.Code);
        Assert.Equal("Invalid", error.Reason);
        Assert.Equal("clonesets.apps.kruise.io \"x\" is forbidden: admission webhook \"v.test.io\" denied the request: bad", error.Message);
        Assert.Equal("spec", (string?)error.Details!["causes"]![0]!["field"]);
    }

    [Fact]
    public void Code_500_reads_as_an_internal_error()
    {
        var error = WebhookErrors.Denied(Creating("x"), "v.test.io", Status("""{"code":500,"message":"boom"}"""));

        Assert.Equal(500, error.Code);
        Assert.Equal("InternalError", error.Reason);
        Assert.Equal("Internal error occurred: admission webhook \"v.test.io\" denied the request: boom", error.Message);
        Assert.Equal("admission webhook \"v.test.io\" denied the request: boom", (string?)error.Details!["causes"]![0]!["message"]);
    }

    [Fact]
    public void Without_message_the_reason_explains_and_without_either_nothing_does()
    {
        Assert.Equal("pods \"Unknown\" is forbidden: admission webhook \"v.test.io\" denied the request: NotAllowed",
            WebhookErrors.Denied(Creating("", BuiltInResources.Pods), "v.test.io", Status("""{"reason":"NotAllowed"}""")).Message);
        Assert.Equal("pods \"p\" is forbidden: admission webhook \"v.test.io\" denied the request without explanation",
            WebhookErrors.Denied(Creating("p", BuiltInResources.Pods), "v.test.io", null).Message);
    }

    [Fact]
    public void Dry_run_refusal_is_a_bad_request()
    {
        var error = WebhookErrors.DryRunUnsupported("x.test.io");
        Assert.Equal(400, error.Code);
        Assert.Equal("admission webhook \"x.test.io\" does not support dry run", error.Message);
    }

    [Fact]
    public void A_call_failure_message_wraps_the_reason() =>
        Assert.Equal("failed calling webhook \"vpod.kb.io\": failed to call webhook: boom", new WebhookCallException("vpod.kb.io", "failed to call webhook: boom").Message);
}
