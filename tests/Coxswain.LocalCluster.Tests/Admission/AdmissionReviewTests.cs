using System.Text;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Admission;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Tests.Admission;

public class AdmissionReviewTests
{
    const string Uid = "705ab4f5-6393-11e8-b7cc-42010a800002";

    static readonly ResourceDefinition CloneSetsV1Alpha1 = new()
    {
        Group = "apps.kruise.io", Version = "v1alpha1", Kind = "CloneSet", Plural = "clonesets", Singular = "cloneset", Namespaced = true,
    };

    static readonly ResourceDefinition CloneSetsV1Beta1 = CloneSetsV1Alpha1 with { Version = "v1beta1" };

    static JsonObject Request(AdmissionAttributes a, ResourceDefinition? target = null) =>
        JsonNode.Parse(AdmissionReview.CreateRequest("v1", Uid, a, target ?? a.Resource))!.AsObject();

    [Fact]
    public void Request_carries_kind_resource_request_versions_and_objects()
    {
        var obj = JsonNode.Parse("""{"apiVersion":"apps.kruise.io/v1alpha1","kind":"CloneSet","metadata":{"name":"web"},"spec":{"replicas":2}}""")!.AsObject();
        var a = new AdmissionAttributes
        {
            Resource = CloneSetsV1Alpha1, Subresource = "scale", Operation = AdmissionOperation.Update, Name = "web", Namespace = "team",
            Object = obj, OldObject = obj, DryRun = true,
        };

        var review = Request(a, target: CloneSetsV1Beta1);

        var expected = JsonNode.Parse($$$"""
            {"kind":"AdmissionReview","apiVersion":"admission.k8s.io/v1","request":{
              "uid":"{{{Uid}}}",
              "kind":{"group":"apps.kruise.io","version":"v1beta1","kind":"CloneSet"},
              "resource":{"group":"apps.kruise.io","version":"v1beta1","resource":"clonesets"},
              "subResource":"scale",
              "requestKind":{"group":"apps.kruise.io","version":"v1alpha1","kind":"CloneSet"},
              "requestResource":{"group":"apps.kruise.io","version":"v1alpha1","resource":"clonesets"},
              "requestSubResource":"scale",
              "name":"web","namespace":"team","operation":"UPDATE",
              "userInfo":{"username":"coxswain","groups":["system:masters","system:authenticated"]},
              "object":{"apiVersion":"apps.kruise.io/v1beta1","kind":"CloneSet","metadata":{"name":"web"},"spec":{"replicas":2}},
              "oldObject":{"apiVersion":"apps.kruise.io/v1beta1","kind":"CloneSet","metadata":{"name":"web"},"spec":{"replicas":2}},
              "dryRun":true}}
            """);
        Assert.True(JsonNode.DeepEquals(expected, review), review.ToJsonString());
        Assert.Equal("apps.kruise.io/v1alpha1", (string?)obj["apiVersion"]); // the request's object is not touched
    }

    [Fact]
    public void Deletes_send_a_null_object_and_creates_with_generateName_omit_the_name()
    {
        var old = JsonNode.Parse("""{"metadata":{"name":"x"}}""")!.AsObject();
        var delete = Request(new AdmissionAttributes { Resource = BuiltInResources.ConfigMaps, Operation = AdmissionOperation.Delete, Name = "x", OldObject = old });
        Assert.Equal("null", delete["request"]!.AsObject()["object"]?.ToJsonString() ?? "null");
        Assert.True(delete["request"]!.AsObject().ContainsKey("object"));

        var create = Request(new AdmissionAttributes { Resource = BuiltInResources.ConfigMaps, Operation = AdmissionOperation.Create, Name = "", Object = old });
        Assert.False(create["request"]!.AsObject().ContainsKey("name"));
        Assert.False(create["request"]!.AsObject().ContainsKey("namespace"));
        Assert.False(create["request"]!.AsObject().ContainsKey("subResource"));
    }

    static string ReadFails(string body, string version = "v1", bool mutating = true) =>
        Assert.Throws<FormatException>(() => AdmissionReview.ReadResponse(Encoding.UTF8.GetBytes(body), version, Uid, mutating)).Message;

    static string Review(string response) => $$"""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{{response}}}""";

    [Theory]
    [InlineData("""{"uid":"other","allowed":true}""", "received invalid webhook response: expected response.uid=\"" + Uid + "\", got \"other\"")]
    [InlineData("""{"uid":"UID","allowed":true,"patch":"W10="}""", "received invalid webhook response: webhook returned response.patch but not response.patchType")]
    [InlineData("""{"uid":"UID","allowed":true,"patchType":"JSONPatch"}""", "received invalid webhook response: webhook returned response.patchType but not response.patch")]
    [InlineData("""{"uid":"UID","allowed":"yes"}""", "failed to call webhook: json: cannot unmarshal string into Go struct field AdmissionResponse.response.allowed of type bool")]
    [InlineData("""{"uid":"UID","allowed":true,"patch":"!!!","patchType":"JSONPatch"}""", "failed to call webhook: illegal base64 data at input byte 0")]
    [InlineData("""{"uid":"UID","allowed":true,"warnings":"careful"}""", "failed to call webhook: json: cannot unmarshal string into Go struct field AdmissionResponse.response.warnings of type []string")]
    public void Bad_responses_are_reported_in_kube_apiservers_words(string response, string expected) =>
        Assert.Equal(expected, ReadFails(Review(response.Replace("UID", Uid))));

    [Fact]
    public void Validating_webhooks_may_not_patch() =>
        Assert.Equal("received invalid webhook response: validating webhook may not return response.patch",
            ReadFails(Review($$"""{"uid":"{{Uid}}","allowed":true,"patch":"W10=","patchType":"JSONPatch"}"""), mutating: false));

    [Fact]
    public void The_envelope_must_be_a_v1_AdmissionReview_with_a_response()
    {
        Assert.Equal("received invalid webhook response: webhook response was absent", ReadFails("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}"""));
        Assert.Equal("received invalid webhook response: expected webhook response of admission.k8s.io/v1, Kind=AdmissionReview, got admission.k8s.io/v1beta1, Kind=AdmissionReview",
            ReadFails(Review("{\"uid\":\"" + Uid + "\"}").Replace("/v1\"", "/v1beta1\"")));
        Assert.Equal("failed to call webhook: Object 'Kind' is missing in '{}'", ReadFails("{}"));
        Assert.StartsWith("failed to call webhook: couldn't get version/kind; json parse error: ", ReadFails("<html>"));
    }

    [Fact]
    public void V1beta1_answers_are_not_checked_for_uid()
    {
        var response = AdmissionReview.ReadResponse(
            Encoding.UTF8.GetBytes("""{"apiVersion":"admission.k8s.io/v1beta1","kind":"AdmissionReview","response":{"uid":"whatever","allowed":true}}"""),
            "v1beta1", Uid, mutating: false);
        Assert.True(response.Allowed);
    }

    [Fact]
    public void A_full_answer_is_read()
    {
        var patch = Convert.ToBase64String(Encoding.UTF8.GetBytes("""[{"op":"add","path":"/a","value":1}]"""));
        var response = AdmissionReview.ReadResponse(Encoding.UTF8.GetBytes(Review($$"""
            {"uid":"{{Uid}}","allowed":false,"patch":"{{patch}}","patchType":"JSONPatch","warnings":["w1","w2"],
             "auditAnnotations":{"k":"v"},"status":{"code":409,"message":"m"},"unknownField":1}
            """)), "v1", Uid, mutating: true);

        Assert.False(response.Allowed);
        Assert.Equal("""[{"op":"add","path":"/a","value":1}]""", Encoding.UTF8.GetString(response.Patch!));
        Assert.Equal("JSONPatch", response.PatchType);
        Assert.Equal(["w1", "w2"], response.Warnings);
        Assert.Equal("v", response.AuditAnnotations["k"]);
        Assert.Equal(409, (int?)response.Status!["code"]);
    }

    [Theory]
    [InlineData(new[] { "v1beta1", "v1" }, "v1beta1")]
    [InlineData(new[] { "v2", "v1" }, "v1")]
    [InlineData(new[] { "v2" }, null)]
    public void The_first_known_review_version_is_used(string[] accepted, string? expected) =>
        Assert.Equal(expected, AdmissionReview.ChooseVersion(accepted));
}
