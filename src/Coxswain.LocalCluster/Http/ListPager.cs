using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Selectors;
using Coxswain.LocalCluster.Storage;

namespace Coxswain.LocalCluster.Http;

public sealed record ListPage(IReadOnlyList<StoredObject> Items, long Revision, string? Continue, long? RemainingItemCount);

/// <summary>
/// List semantics of kube-apiserver: resourceVersion / resourceVersionMatch, <c>limit</c> and <c>continue</c> paging where
/// every page is served from the snapshot of the first (consistent), and 410 Expired once that snapshot is compacted away.
/// </summary>
public static class ListPager
{
    public const string ExpiredContinueMessage =
        "The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.";

    public static ListPage List(ObjectStore store, ResourceDefinition r, ObjectFilter filter, RequestQuery q)
    {
        var bucketName = r.Bucket;
        long revision;
        string? startKey = null;
        if (q.Continue is not null)
        {
            if (!string.IsNullOrEmpty(q.ResourceVersion) && q.ResourceVersion != "0")
                throw StatusError.BadRequest("specifying resource version is not allowed when using continue");
            (revision, startKey) = ContinueToken.Decode(q.Continue);
            if (revision < store.OldestReachableRevision) throw StatusError.Expired(ExpiredContinueMessage);
        }
        else
        {
            revision = ResolveRevision(store, q);
        }

        System.Collections.Immutable.ImmutableSortedDictionary<string, StoredObject> bucket;
        try
        {
            bucket = store.BucketAt(bucketName, revision);
        }
        catch (RevisionCompactedException e)
        {
            throw q.Continue is not null
                ? StatusError.Expired(ExpiredContinueMessage)
                : StatusError.Expired($"too old resource version: {e.Requested} ({e.Compacted})");
        }
        if (revision > store.CurrentRevision) revision = store.CurrentRevision;

        var prefix = ObjectKeys.Prefix(r, filter.Namespace);
        var items = new List<StoredObject>();
        string? next = null;
        long remaining = 0;
        foreach (var (key, obj) in bucket)
        {
            if (!key.StartsWith(prefix, StringComparison.Ordinal)) continue;
            if (startKey is not null && string.CompareOrdinal(key, startKey) < 0) continue;
            if (!filter.Matches(obj)) continue;
            if (q.Limit > 0 && items.Count >= q.Limit)
            {
                next ??= key;
                remaining++;
                continue;
            }
            items.Add(obj);
        }
        return new ListPage(items, revision, next is null ? null : ContinueToken.Encode(revision, next),
            next is null || filter.HasSelectors ? null : remaining);
    }

    static long ResolveRevision(ObjectStore store, RequestQuery q)
    {
        var rvText = q.ResourceVersion;
        if (string.IsNullOrEmpty(rvText))
        {
            if (q.ResourceVersionMatch is not null)
                throw StatusError.Invalid("ListOptions.meta.k8s.io", "meta.k8s.io", "ListOptions", "",
                    [Validation.FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden unless resourceVersion is provided")]);
            return store.CurrentRevision;
        }
        if (!long.TryParse(rvText, out var rv) || rv < 0) throw StatusError.BadRequest($"invalid resource version: \"{rvText}\"");
        switch (q.ResourceVersionMatch)
        {
            case "Exact":
                if (rv == 0)
                    throw StatusError.Invalid("ListOptions.meta.k8s.io", "meta.k8s.io", "ListOptions", "",
                        [Validation.FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"")]);
                WaitForRevision(store, rv);
                return rv;
            case null or "" or "NotOlderThan":
                if (rv == 0) return store.CurrentRevision;
                WaitForRevision(store, rv);
                return store.CurrentRevision;
            default:
                throw StatusError.Invalid("ListOptions.meta.k8s.io", "meta.k8s.io", "ListOptions", "",
                    [Validation.FieldError.NotSupported("resourceVersionMatch", q.ResourceVersionMatch, ["Exact", "NotOlderThan", ""])]);
        }
    }

    /// <summary>A revision from the future: wait up to 3 s for it, then 504 as the watch cache does.</summary>
    internal static void WaitForRevision(ObjectStore store, long rv)
    {
        if (rv <= store.CurrentRevision) return;
        try
        {
            store.WaitForRevisionAfterAsync(rv - 1, new CancellationTokenSource(TimeSpan.FromSeconds(3)).Token).GetAwaiter().GetResult();
        }
        catch (OperationCanceledException)
        {
            throw TooLargeResourceVersion(rv, store.CurrentRevision);
        }
    }

    internal static StatusError TooLargeResourceVersion(long rv, long current) =>
        new(504, "Timeout", $"Timeout: Too large resource version: {rv}, current: {current}",
            new System.Text.Json.Nodes.JsonObject
            {
                ["causes"] = new System.Text.Json.Nodes.JsonArray(new System.Text.Json.Nodes.JsonObject
                {
                    ["reason"] = "ResourceVersionTooLarge", ["message"] = "Too large resource version",
                }),
                ["retryAfterSeconds"] = 1,
            }) { RetryAfterSeconds = 1 };
}
