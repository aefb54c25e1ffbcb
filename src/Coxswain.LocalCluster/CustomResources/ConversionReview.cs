using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.CustomResources;

/// <summary>
/// The apiextensions.k8s.io ConversionReview a CRD conversion webhook receives and answers: the request kube-apiserver
/// builds (uid, desiredAPIVersion, objects) and the checks it makes on the answer. Failures are FormatExceptions whose
/// messages are apiextensions-apiserver's, for the caller to put after "conversion webhook for … returned …".
/// </summary>
public static class ConversionReview
{
    static readonly string[] KnownVersions = ["v1", "v1beta1"];

    /// <summary>The first of the CRD's conversionReviewVersions the server speaks, as "apiextensions.k8s.io/v1"; null if none.</summary>
    public static string? ChooseVersion(IEnumerable<string> conversionReviewVersions) =>
        conversionReviewVersions.FirstOrDefault(KnownVersions.Contains) is { } v ? $"apiextensions.k8s.io/{v}" : null;

    public static byte[] CreateRequest(string reviewApiVersion, string uid, string desiredApiVersion, IEnumerable<JsonObject> objects) =>
        JsonSerializer.SerializeToUtf8Bytes(new JsonObject
        {
            ["kind"] = "ConversionReview",
            ["apiVersion"] = reviewApiVersion,
            ["request"] = new JsonObject
            {
                ["uid"] = uid,
                ["desiredAPIVersion"] = desiredApiVersion,
                ["objects"] = new JsonArray(objects.Select(o => (JsonNode)o.DeepClone()).ToArray()),
            },
        });

    /// <summary>getConvertedObjectsFromResponse: the converted objects, once the answer is the review asked for and a success.</summary>
    /// <exception cref="FormatException">The answer is not a usable ConversionReview; the message says why.</exception>
    public static List<JsonObject> ReadResponse(byte[] body, string reviewApiVersion, string uid)
    {
        if (body.Length == 0) throw new FormatException("0-length response with status code: 200 and content type: application/json");
        JsonObject review;
        try { review = JsonNode.Parse(body) as JsonObject ?? throw new FormatException("the response is not a JSON object"); }
        catch (JsonException e) { throw new FormatException(e.Message); }
        var apiVersion = review.StrOrEmpty("apiVersion");
        var kind = review.StrOrEmpty("kind");
        if (apiVersion != reviewApiVersion || kind != "ConversionReview")
            throw new FormatException($"expected webhook response of {reviewApiVersion}, Kind=ConversionReview, got {apiVersion}, Kind={kind}");
        var response = review.Obj("response") ?? throw new FormatException("no response provided");
        if (response.StrOrEmpty("uid") != uid) throw new FormatException($"expected response.uid={GoQuoting.Quote(uid)}, got {GoQuoting.Quote(response.StrOrEmpty("uid"))}");
        var result = response.Obj("result");
        if (result.StrOrEmpty("status") != "Success")
            throw new FormatException(result.Str("message") is { Length: > 0 } message
                ? message
                : $"response.result.status was '{result.StrOrEmpty("status")}', not 'Success'");
        return response.Arr("convertedObjects").Objects().Select(o => o.Item.DeepClone().AsObject()).ToList();
    }
}
