using System.Text;
using System.Text.Json.Nodes;
using Coxswain.Runtime.Webhooks;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Webhooks;

public class AdmissionReviewCodecTests
{
    private static readonly JsonObject Review = JsonNode.Parse("""
        {"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","request":{
          "uid":"705ab4f5","kind":{"group":"","version":"v1","kind":"Pod"},"resource":{"group":"","version":"v1","resource":"pods"},
          "name":"web","namespace":"default","operation":"CREATE","dryRun":false,
          "userInfo":{"username":"admin"},
          "object":{"apiVersion":"v1","kind":"Pod","metadata":{"name":"web","namespace":"default"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}}
        """)!.AsObject();

    [Fact]
    public async Task A_mutation_is_answered_with_the_json_patch_of_what_the_handler_changed()
    {
        var (apiVersion, request, error) = AdmissionReviewCodec.ReadReview(Review);
        Assert.Null(error);

        var (decision, patch) = await new MutatingAdmissionHandler<V1Pod>(new AddsLabel()).HandleAsync(request!, CancellationToken.None);
        var response = AdmissionReviewCodec.Response(apiVersion, "705ab4f5", decision, patch)["response"]!;

        Assert.Equal("""[{"op":"add","path":"/metadata/labels","value":{"injected":"true"}}]""", patch!.ToJsonString());
        Assert.Equal(
            """{"uid":"705ab4f5","allowed":true,"patch":"W3sib3AiOiJhZGQiLCJwYXRoIjoiL21ldGFkYXRhL2xhYmVscyIsInZhbHVlIjp7ImluamVjdGVkIjoidHJ1ZSJ9fV0=","patchType":"JSONPatch"}""",
            response.ToJsonString());
        Assert.Equal(patch.ToJsonString(), Encoding.UTF8.GetString(Convert.FromBase64String(response["patch"]!.GetValue<string>())));
    }

    [Fact]
    public void A_denial_carries_the_message_code_and_warnings()
    {
        var decision = AdmissionDecision.Deny("spec.replicas: Invalid value: -1: must be non-negative").WithWarnings("deprecated field");

        var review = AdmissionReviewCodec.Response("admission.k8s.io/v1", "u", decision, null);

        Assert.Equal(
            """{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview","response":{"uid":"u","allowed":false,"status":{"metadata":{},"code":403,"status":"Failure","reason":"Forbidden","message":"spec.replicas: Invalid value: -1: must be non-negative"},"warnings":["deprecated field"]}}""",
            review.ToJsonString());
    }

    [Theory]
    [InlineData("""{"apiVersion":"v1","kind":"Pod"}""", "unsupported AdmissionReview v1: expected apiVersion admission.k8s.io/v1 and kind AdmissionReview")]
    [InlineData("""{"apiVersion":"admission.k8s.io/v1","kind":"AdmissionReview"}""", "got an empty AdmissionRequest")]
    [InlineData("[]", "request body is not an AdmissionReview object")]
    public void Bodies_that_are_not_reviews_are_rejected(string body, string error)
    {
        Assert.Equal(error, AdmissionReviewCodec.ReadReview(JsonNode.Parse(body)).Error);
    }

    [Fact]
    public void The_request_is_decoded_with_typed_objects()
    {
        var request = AdmissionReviewCodec.Decode<V1Pod>(AdmissionReviewCodec.ReadReview(Review).Request!);

        Assert.Equal(("705ab4f5", "CREATE", "default", "web"), (request.Uid, request.Operation, request.Namespace, request.Name));
        Assert.Equal(new AdmissionKind("", "v1", "Pod"), request.Kind);
        Assert.Equal("nginx", request.Object!.Spec.Containers[0].Image);
        Assert.Null(request.OldObject);
        Assert.Equal("admin", request.UserInfo!["username"]!.GetValue<string>());
    }

    private sealed class AddsLabel : IMutatingWebhook<V1Pod>
    {
        public Task<AdmissionDecision> MutateAsync(AdmissionRequest<V1Pod> request, CancellationToken cancellationToken)
        {
            request.Object!.Metadata.Labels = new Dictionary<string, string> { ["injected"] = "true" };
            return Task.FromResult(AdmissionDecision.Allow());
        }
    }
}
