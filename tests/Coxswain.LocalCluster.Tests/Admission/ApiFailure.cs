using System.Text.Json.Nodes;
using k8s.Autorest;

namespace Coxswain.LocalCluster.Tests.Admission;

/// <summary>A failed API call as the client saw it: HTTP code and the Status body.</summary>
public sealed record ApiFailure(int Code, JsonObject Status)
{
    public string Message => (string)Status["message"]!;
    public string Reason => (string)Status["reason"]!;

    public static async Task<ApiFailure> Of(Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<HttpOperationException>(call);
        return new ApiFailure((int)e.Response.StatusCode, JsonNode.Parse(e.Response.Content)!.AsObject());
    }
}
