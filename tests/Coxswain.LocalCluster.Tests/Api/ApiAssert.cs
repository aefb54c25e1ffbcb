using System.Net;
using System.Text.Json.Nodes;
using k8s.Autorest;

namespace Coxswain.LocalCluster.Tests.Api;

/// <summary>Assertions on the Kubernetes <c>Status</c> a failed request carries, as client-go's apierrors helpers read it.</summary>
public static class ApiAssert
{
    /// <summary>Runs <paramref name="call"/>, expects it to fail with <paramref name="code"/>, and returns the Status body.</summary>
    public static async Task<JsonObject> FailsWith(int code, Func<Task> call)
    {
        var e = await Assert.ThrowsAsync<HttpOperationException>(call);
        Assert.Equal((HttpStatusCode)code, e.Response.StatusCode);
        var status = JsonNode.Parse(e.Response.Content)!.AsObject();
        IsStatus(status, code);
        return status;
    }

    /// <summary>The body is a complete failure Status with the given code (and, if given, reason and message).</summary>
    public static JsonObject IsStatus(JsonNode? body, int code, string? reason = null, string? message = null)
    {
        var status = Assert.IsType<JsonObject>(body);
        Assert.Equal("Status", (string?)status["kind"]);
        Assert.Equal("v1", (string?)status["apiVersion"]);
        Assert.Equal("Failure", (string?)status["status"]);
        Assert.Equal(code, (int?)status["code"]);
        Assert.False(string.IsNullOrEmpty((string?)status["reason"]), "a Status must carry a reason");
        if (reason is not null) Assert.Equal(reason, (string?)status["reason"]);
        if (message is not null) Assert.Equal(message, (string?)status["message"]);
        return status;
    }
}
