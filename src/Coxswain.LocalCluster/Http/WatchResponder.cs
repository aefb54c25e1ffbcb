using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.CustomResources;
using Coxswain.LocalCluster.Storage;
using Coxswain.LocalCluster.Validation;
using Microsoft.AspNetCore.Http;

namespace Coxswain.LocalCluster.Http;

public sealed class WatchOptions
{
    /// <summary>How often an idle watch that allows bookmarks gets one (kube-apiserver: about a minute).</summary>
    public TimeSpan BookmarkInterval { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Serves <c>watch=true</c> as kube-apiserver does: newline-delimited JSON events flushed as they commit, initial ADDED events
/// for "most recent"/"any" starts, <c>sendInitialEvents</c> streaming lists ending in the <c>k8s.io/initial-events-end</c>
/// bookmark, periodic bookmarks, selector transitions turned into ADDED/DELETED, and a 410 Expired ERROR event when the
/// requested history is gone. Each event's JSON line is built once and shared by every plain-JSON watcher.
/// </summary>
/// <param name="serverStopping">Ends every open watch when the server stops: graceful shutdown waits for in-flight requests,
/// and a watch would otherwise hold it for the whole shutdown timeout. Clients re-watch, as they do when kube-apiserver stops.</param>
public sealed class WatchResponder(ObjectStore store, TableRenderer tables, WatchOptions options, CancellationToken serverStopping = default)
{
    public const string InitialEventsEndAnnotation = "k8s.io/initial-events-end";

    public async Task ServeAsync(HttpContext ctx, ResourceDefinition r, ObjectFilter filter, RequestQuery q)
    {
        ValidateWatchOptions(q);
        var format = ResponseFormats.Negotiate(ctx.Request.Headers.Accept, isList: true);
        var timeout = q.TimeoutSeconds is > 0 ? TimeSpan.FromSeconds(q.TimeoutSeconds.Value)
            : TimeSpan.FromSeconds(1800 * (1 + Random.Shared.NextDouble()));
        using var lifetime = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, serverStopping);
        lifetime.CancelAfter(timeout);
        var ct = lifetime.Token;

        // Decide where the stream starts before answering, so a bad resourceVersion is still a plain HTTP error.
        var rvText = q.ResourceVersion;
        var sendInitial = q.SendInitialEvents ?? (string.IsNullOrEmpty(rvText) || rvText == "0");
        long cursor;
        IReadOnlyList<StoredObject> initial = [];
        if (!string.IsNullOrEmpty(rvText) && rvText != "0" && !long.TryParse(rvText, out _))
            throw StatusError.BadRequest($"invalid resource version: \"{rvText}\"");
        var requested = string.IsNullOrEmpty(rvText) ? 0 : long.Parse(rvText);
        if (requested > store.CurrentRevision) ListPager.WaitForRevision(store, requested);

        // The event log holds every resource's changes: a watch keeps only its resource's (and namespace's) keys.
        var prefix = ObjectKeys.Prefix(r, filter.Namespace);
        if (sendInitial)
        {
            var snapshot = store.Current;
            cursor = snapshot.Revision;
            initial = snapshot.Bucket(r.Bucket).Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal) && filter.Matches(kv.Value))
                .Select(kv => kv.Value).ToList();
        }
        else
        {
            cursor = requested;
        }

        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = format == ResponseFormat.Table ? ResponseFormats.TableContentType : "application/json";
        ctx.Response.Headers.CacheControl = "no-cache, private";
        await ctx.Response.StartAsync(ct).ConfigureAwait(false);
        var body = new WatchLineWriter(ctx.Response.BodyWriter);
        var writer = new EventWriter(r, format, tables, q.IncludeObject);

        try
        {
            foreach (var obj in initial) await body.WriteAsync(writer.Line(WatchEventType.Added, obj), ct).ConfigureAwait(false);
            if (q.SendInitialEvents == true)
                await body.WriteAsync(Bookmark(r, cursor, initialEventsEnd: true), ct).ConfigureAwait(false);
            await body.FlushAsync(ct).ConfigureAwait(false);

            var batch = new List<WatchEvent>(512);
            var lastBookmark = DateTime.UtcNow;
            while (!ct.IsCancellationRequested)
            {
                batch.Clear();
                try
                {
                    store.Events.ReadAfter(cursor, 512, batch);
                }
                catch (RevisionCompactedException e)
                {
                    var status = StatusError.Expired($"too old resource version: {e.Requested} ({e.Compacted})").ToStatus();
                    await body.WriteAsync(WatchWire.Line("ERROR", JsonSerializer.SerializeToUtf8Bytes(status)), ct).ConfigureAwait(false);
                    await body.FlushAsync(ct).ConfigureAwait(false);
                    return;
                }

                if (batch.Count > 0)
                {
                    foreach (var e in batch)
                    {
                        cursor = e.Revision;
                        if (!e.Object.Key.StartsWith(prefix, StringComparison.Ordinal)) continue;
                        if (writer.For(e, filter) is { } line) await body.WriteAsync(line, ct).ConfigureAwait(false);
                    }
                    await body.FlushAsync(ct).ConfigureAwait(false);
                    continue;
                }

                if (q.AllowWatchBookmarks && DateTime.UtcNow - lastBookmark >= options.BookmarkInterval)
                {
                    await body.WriteAsync(Bookmark(r, cursor, initialEventsEnd: false), ct).ConfigureAwait(false);
                    await body.FlushAsync(ct).ConfigureAwait(false);
                    lastBookmark = DateTime.UtcNow;
                }
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(ct);
                wait.CancelAfter(q.AllowWatchBookmarks ? options.BookmarkInterval : TimeSpan.FromMinutes(5));
                try
                {
                    await store.WaitForRevisionAfterAsync(cursor, wait.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested) { }
            }
        }
        catch (OperationCanceledException)
        {
            // Timeout or client gone: the stream simply ends, as kube-apiserver ends it.
        }
        catch (IOException)
        {
        }
    }

    static void ValidateWatchOptions(RequestQuery q)
    {
        var errors = new List<FieldError>();
        if (q.SendInitialEvents is not null)
        {
            if (q.ResourceVersionMatch != "NotOlderThan")
                errors.Add(FieldError.Forbidden("resourceVersionMatch", "sendInitialEvents requires setting resourceVersionMatch to NotOlderThan"));
            if (!q.AllowWatchBookmarks)
                errors.Add(FieldError.Forbidden("allowWatchBookmarks", "sendInitialEvents requires setting allowWatchBookmarks to true"));
        }
        else if (q.ResourceVersionMatch is not null)
        {
            errors.Add(FieldError.Forbidden("resourceVersionMatch", "resourceVersionMatch is forbidden for watch unless sendInitialEvents is provided"));
        }
        if (errors.Count > 0) throw StatusError.Invalid("ListOptions.meta.k8s.io", "meta.k8s.io", "ListOptions", "", errors);
    }

    static byte[] Bookmark(ResourceDefinition r, long revision, bool initialEventsEnd)
    {
        var meta = new JsonObject { ["resourceVersion"] = revision.ToString(), ["creationTimestamp"] = null };
        if (initialEventsEnd) meta["annotations"] = new JsonObject { [InitialEventsEndAnnotation] = "true" };
        var obj = new JsonObject { ["kind"] = r.Kind, ["apiVersion"] = r.ApiVersion, ["metadata"] = meta };
        return WatchWire.Line("BOOKMARK", JsonSerializer.SerializeToUtf8Bytes(obj));
    }

    /// <summary>Encodes events for one watcher: shared bytes for plain JSON, per-watcher conversion for Table/metadata.</summary>
    sealed class EventWriter(ResourceDefinition r, ResponseFormat format, TableRenderer tables, string? includeObject)
    {
        bool columnsSent;

        /// <summary>The line for a committed event as this watcher's filter sees it, or null when it does not concern it.</summary>
        public byte[]? For(WatchEvent e, ObjectFilter filter)
        {
            var now = filter.Matches(e.Object);
            var before = e.Previous is not null && filter.Matches(e.Previous);
            var type = e.Type switch
            {
                WatchEventType.Added => now ? WatchEventType.Added : (WatchEventType?)null,
                WatchEventType.Deleted => before ? WatchEventType.Deleted : null,
                _ => (before, now) switch
                {
                    (true, true) => WatchEventType.Modified,
                    (false, true) => WatchEventType.Added,
                    (true, false) => WatchEventType.Deleted,
                    _ => null,
                },
            };
            if (type is null) return null;
            if (format == ResponseFormat.Object && type == e.Type && !VersionConverter.NeedsConversion(r)) return e.WireLine;
            // An update that takes the object out of the selection is a DELETED of what the watcher last saw: kube's
            // cacheWatcher sends the previous content (which matched), stamped with this event's resourceVersion.
            if (type == WatchEventType.Deleted && e.Type == WatchEventType.Modified) return Line(type.Value, Restamped(e.Previous!, e.Revision));
            return Line(type.Value, e.Object);
        }

        static StoredObject Restamped(StoredObject obj, long revision)
        {
            var json = obj.ToJsonObject();
            if (json["metadata"] is JsonObject meta) meta["resourceVersion"] = revision.ToString();
            return new StoredObject(obj.Key, revision, obj.CreateRevision, JsonSerializer.SerializeToUtf8Bytes(json), obj.Attributes);
        }

        public byte[] Line(WatchEventType type, StoredObject obj)
        {
            switch (format)
            {
                case ResponseFormat.Table:
                    var table = tables.RenderObject(r, VersionConverter.InServedVersion(obj.ToJsonObject(), r), includeObject, includeColumns: !columnsSent);
                    columnsSent = true;
                    return WatchWire.Line(type, JsonSerializer.SerializeToUtf8Bytes(table));
                case ResponseFormat.PartialObjectMetadata:
                    return WatchWire.Line(type, JsonSerializer.SerializeToUtf8Bytes(ApiHandler.PartialObjectMetadata(obj.ToJsonObject())));
                default:
                    return WatchWire.Line(type, VersionConverter.Encode(obj, r));
            }
        }
    }
}
