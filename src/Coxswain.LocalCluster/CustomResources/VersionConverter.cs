using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Admission;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Storage;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.CustomResources;

/// <summary>
/// Serves a stored object in the version the client asked for, and stores written objects in the storage version.
/// Built-ins and custom resources in their storage version pass through untouched. A built-in served as another group's
/// resource (events.k8s.io/v1 Events, stored as core/v1 Events) is converted field by field (<see cref="EventVersions"/>),
/// as kube-apiserver converts through its internal type. Other versions of a CRD with
/// conversion strategy <c>None</c> only change <c>apiVersion</c> (apiextensions-apiserver's nop converter); with
/// <c>Webhook</c> the objects are sent, many at a time, to the CRD's conversion webhook in a ConversionReview through the
/// same HTTP client as admission webhooks, and the answer is checked as kube-apiserver checks it.
/// </summary>
public sealed class VersionConverter
{
    /// <summary>Upstream's conversion webhook client has a fixed 30 second timeout.</summary>
    const int WebhookTimeoutSeconds = 30;

    readonly WebhookHttpCaller? webhooks;

    /// <summary>A converter for servers without webhook calls: conversion <c>Webhook</c> fails as if the webhook were unreachable.</summary>
    public static readonly VersionConverter WithoutWebhooks = new(null);

    internal VersionConverter(WebhookHttpCaller? webhooks) => this.webhooks = webhooks;

    public static bool NeedsConversion(ResourceDefinition r) => r.StorageApiVersion != r.ApiVersion;

    static bool UsesWebhook(ResourceDefinition r) => r.Custom is { ConversionStrategy: "Webhook" };

    /// <summary>
    /// The nop conversion only, for watch streams (which convert event by event without webhook calls).
    /// </summary>
    public static byte[] Encode(StoredObject obj, ResourceDefinition r) =>
        NeedsConversion(r) ? JsonSerializer.SerializeToUtf8Bytes(ConvertWithoutWebhook(obj.ToJsonObject(), r.ApiVersion)) : obj.Value;

    /// <summary>
    /// A stored object in <paramref name="r"/>'s version when that takes no webhook call (built-in conversions and the nop
    /// conversion), for what reads fields by the served version's names: Table rows, and the old object of an update
    /// that patches, merges and validates in the request's version. Webhook-converted objects stay as stored.
    /// </summary>
    public static JsonObject InServedVersion(JsonObject stored, ResourceDefinition r) =>
        NeedsConversion(r) && !UsesWebhook(r) ? ConvertWithoutWebhook(stored, r.ApiVersion) : stored;

    /// <summary>The stored object in <paramref name="r"/>'s version, as response bytes.</summary>
    public async Task<byte[]> EncodeAsync(StoredObject obj, ResourceDefinition r)
    {
        if (!NeedsConversion(r)) return obj.Value;
        var converted = await ConvertAsync([obj.ToJsonObject()], r, r.ApiVersion, write: false).ConfigureAwait(false);
        return JsonSerializer.SerializeToUtf8Bytes(converted[0]);
    }

    /// <summary>A written object in the storage version (it arrives in the version of the request).</summary>
    public async Task<JsonObject> ToStorageVersionAsync(ResourceDefinition r, JsonObject obj)
    {
        if (obj.StrOrEmpty("apiVersion") == r.StorageApiVersion) return obj;
        return (await ConvertAsync([obj], r, r.StorageApiVersion, write: true).ConfigureAwait(false))[0];
    }

    /// <summary>
    /// Converts objects to <paramref name="apiVersion"/>. Webhook failures are 500s with apiextensions-apiserver's message,
    /// e.g. <c>conversion webhook for g/v1, Kind=K failed: Post "https://…/convert?timeout=30s": no endpoints available for
    /// service "svc"</c>: "Internal error occurred: …" on writes, the bare message on reads, as kube-apiserver answers.
    /// </summary>
    public async Task<List<JsonObject>> ConvertAsync(IReadOnlyList<JsonObject> objects, ResourceDefinition r, string apiVersion, bool write)
    {
        var toConvert = objects.Where(o => o.StrOrEmpty("apiVersion") != apiVersion).ToList();
        if (toConvert.Count == 0 || !UsesWebhook(r)) return objects.Select(o => ConvertWithoutWebhook(o, apiVersion)).ToList();
        var converted = new Queue<JsonObject>(await CallWebhookAsync(toConvert, r, apiVersion, write).ConfigureAwait(false));
        return objects.Select(o => o.StrOrEmpty("apiVersion") == apiVersion ? o : converted.Dequeue()).ToList();
    }

    static JsonObject ConvertWithoutWebhook(JsonObject obj, string apiVersion)
    {
        if (EventVersions.Converts(obj, apiVersion)) return EventVersions.Convert(obj, apiVersion);
        obj["apiVersion"] = apiVersion;
        return obj;
    }

    async Task<List<JsonObject>> CallWebhookAsync(List<JsonObject> objects, ResourceDefinition r, string apiVersion, bool write)
    {
        // Upstream names the kind of what it converts from (the first object's group version).
        var from = $"{objects[0].StrOrEmpty("apiVersion")}, Kind={r.Kind}";
        StatusError Error(string message) => write ? StatusError.Internal(message) : new StatusError(500, "", message);

        var webhook = r.Custom!.ConversionWebhook;
        var reviewVersions = webhook.Arr("conversionReviewVersions").Strings().Select(s => s.Value).ToList();
        var reviewVersion = ConversionReview.ChooseVersion(reviewVersions)
            ?? throw Error($"conversion webhook for {from} failed: webhook does not accept known ConversionReview versions (v1, v1beta1)");
        if (webhooks is null) throw Error($"conversion webhook for {from} failed: webhook calls are not available");

        var uid = Guid.NewGuid().ToString();
        byte[] answer;
        try
        {
            answer = await webhooks.PostAsync(WebhookClientConfig.Parse(webhook.Obj("clientConfig")), WebhookTimeoutSeconds,
                ConversionReview.CreateRequest(reviewVersion, uid, apiVersion, objects)).ConfigureAwait(false);
        }
        catch (WebhookTransportException e)
        {
            throw Error($"conversion webhook for {from} failed: {e.Message}");
        }

        List<JsonObject> converted;
        try { converted = ConversionReview.ReadResponse(answer, reviewVersion, uid); }
        catch (FormatException e) { throw Error($"conversion webhook for {from} returned invalid response: {e.Message}"); }
        if (converted.Count != objects.Count)
            throw Error($"conversion webhook for {from} returned {converted.Count} objects, expected {objects.Count}");
        for (var i = 0; i < converted.Count; i++)
        {
            var (original, result) = (objects[i], converted[i]);
            if (result.StrOrEmpty("apiVersion") != apiVersion)
                throw Error($"conversion webhook for {from} returned invalid converted object at index {i}: invalid groupVersion (expected {apiVersion}, received {result.StrOrEmpty("apiVersion")})");
            if (result.StrOrEmpty("kind") != original.StrOrEmpty("kind"))
                throw Error($"conversion webhook for {from} returned invalid converted object at index {i}: invalid kind (expected {original.StrOrEmpty("kind")}, received {result.StrOrEmpty("kind")})");
            if (ChangedIdentity(original, result) is { } problem)
                throw Error($"conversion webhook for {from} returned invalid converted object at index {i}: {problem}");
            RestoreObjectMeta(original, result);
        }
        return converted;
    }

    /// <summary>validateConvertedObject: a webhook may not rename, move or re-identify an object.</summary>
    static string? ChangedIdentity(JsonObject original, JsonObject converted)
    {
        var (a, b) = (original.Obj("metadata"), converted.Obj("metadata"));
        foreach (var (field, label) in new[] { ("name", "name"), ("namespace", "namespace"), ("uid", "UID") })
            if (a.StrOrEmpty(field) != b.StrOrEmpty(field)) return $"must have the same {label}: {a.StrOrEmpty(field)} != {b.StrOrEmpty(field)}";
        return null;
    }

    /// <summary>restoreObjectMeta: the webhook's metadata counts only for labels and annotations; the rest stays the server's.</summary>
    static void RestoreObjectMeta(JsonObject original, JsonObject converted)
    {
        var meta = original.Obj("metadata")?.DeepClone().AsObject() ?? new JsonObject();
        foreach (var field in new[] { "labels", "annotations" })
        {
            if (converted.Obj("metadata")?[field] is { } value) meta[field] = value.DeepClone();
            else meta.Remove(field);
        }
        converted["metadata"] = meta;
    }
}
