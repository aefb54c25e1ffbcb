using System.Text.Json.Nodes;
using System.Threading.Channels;
using Coxswain.LocalCluster.Api;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Controllers;

/// <summary>
/// Who reports an event and how its client writes it. The kubelet and kube-controller-manager use client-go's legacy
/// recorder (core/v1: <c>source</c>, <c>firstTimestamp</c>/<c>lastTimestamp</c>/<c>count</c>); kube-scheduler uses the
/// events.k8s.io/v1 recorder (<c>eventTime</c>, <c>action</c>, <c>series</c>, no source).
/// </summary>
public sealed record EventReporter(string Component, string Instance, string Host, bool EventsApi)
{
    public static EventReporter Kubelet(string nodeName) => new("kubelet", nodeName, nodeName, EventsApi: false);

    /// <summary>A kube-controller-manager controller ("node-controller", "taint-eviction-controller"...).</summary>
    public static EventReporter ControllerManager(string controller) => new(controller, "", "", EventsApi: false);

    /// <summary>kube-scheduler names its instance after the scheduler and the host it runs on.</summary>
    public static readonly EventReporter Scheduler =
        new("default-scheduler", "default-scheduler-" + Environment.MachineName.ToLowerInvariant(), "", EventsApi: true);
}

/// <summary>
/// Records Kubernetes Events for the in-process components, as client-go's recorders do: a repeated event (same object,
/// reason and message) updates the existing Event (<c>count</c>, or <c>series</c> for events.k8s.io-style events) instead
/// of creating another. <see cref="Record"/> never blocks; the writes happen on <see cref="Run"/>'s task, many at a time.
/// <para>
/// Every event is stored as core/v1, the API <c>kubectl describe</c> and <c>kubectl get events</c> read; the scheduler's
/// events carry the fields kube-apiserver shows for an events.k8s.io/v1 event read through core/v1.
/// </para>
/// </summary>
public sealed class EventRecorder(ResourceStorage storage, ILogger<EventRecorder> logger, TimeProvider? time = null)
{
    /// <summary>client-go's event correlator remembers this many recent events for aggregation.</summary>
    const int AggregationCacheSize = 4096;
    const int MaxConcurrentWrites = 256;

    readonly TimeProvider time = time ?? TimeProvider.System;
    readonly Channel<PendingEvent> queue = Channel.CreateUnbounded<PendingEvent>(new UnboundedChannelOptions { SingleReader = true });
    /// <summary>Aggregation key → the Event written for it. Guarded by itself: a batch's writes complete on several threads.</summary>
    readonly Dictionary<string, RecordedEvent> recent = new();
    long lastNameNanos;

    /// <summary>Turned off for benchmarks that measure the cluster without its event traffic.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The ObjectReference of an object (its wire JSON), optionally to a part of it such as <c>spec.containers{web}</c>.</summary>
    public static JsonObject Reference(JsonObject obj, string? fieldPath = null)
    {
        var meta = obj["metadata"] as JsonObject;
        var reference = new JsonObject { ["kind"] = (string?)obj["kind"] };
        if ((string?)meta?["namespace"] is { Length: > 0 } ns) reference["namespace"] = ns;
        reference["name"] = (string?)meta?["name"];
        reference["uid"] = (string?)meta?["uid"];
        reference["apiVersion"] = (string?)obj["apiVersion"];
        if ((string?)meta?["resourceVersion"] is { Length: > 0 } rv) reference["resourceVersion"] = rv;
        if (fieldPath is not null) reference["fieldPath"] = fieldPath;
        return reference;
    }

    /// <summary>Queues an event about <paramref name="involvedObject"/> (an ObjectReference); callable from any thread.</summary>
    public void Record(EventReporter reporter, JsonObject involvedObject, string type, string reason, string message, string? action = null)
    {
        if (!Enabled) return;
        queue.Writer.TryWrite(new PendingEvent(reporter, involvedObject, type, reason, message, action, time.GetUtcNow()));
    }

    public Task Run(CancellationToken ct) => Task.Run(async () =>
    {
        var batch = new List<PendingEvent>();
        var writes = new List<Task>();
        try
        {
            while (await queue.Reader.WaitToReadAsync(ct).ConfigureAwait(false))
            {
                batch.Clear();
                while (batch.Count < MaxConcurrentWrites && queue.Reader.TryRead(out var e)) batch.Add(e);
                // Repeats inside one batch fold into one write; distinct events are written concurrently so the store's
                // group commit takes them together.
                writes.Clear();
                foreach (var group in batch.GroupBy(KeyOf))
                    writes.Add(WriteAsync(group.Key, group.First(), group.Count(), group.Last().At));
                await Task.WhenAll(writes).ConfigureAwait(false);
                lock (recent)
                {
                    if (recent.Count > AggregationCacheSize) recent.Clear();
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }, CancellationToken.None);

    async Task WriteAsync(string key, PendingEvent e, int occurrences, DateTimeOffset lastAt)
    {
        var ns = (string?)e.InvolvedObject["namespace"] is { Length: > 0 } n ? n : "default";
        try
        {
            RecordedEvent? existing;
            lock (recent) recent.TryGetValue(key, out existing);
            if (existing is not null && existing.Namespace == ns)
            {
                try
                {
                    var total = existing.Count + occurrences;
                    await storage.GuaranteedUpdateAsync(BuiltInResources.CoreEvents, ns, existing.Name, null, new WriteOptions(),
                        current => Repeat(current, e.Reporter, total, lastAt)).ConfigureAwait(false);
                    lock (recent) recent[key] = existing with { Count = total };
                    return;
                }
                catch (StatusError notFound) when (notFound.Code == 404)
                {
                    // Expired or deleted: start a new one.
                }
            }
            var name = UniqueName((string?)e.InvolvedObject["name"] ?? "event", e.At);
            await storage.CreateAsync(BuiltInResources.CoreEvents, ns, NewEvent(name, ns, e, occurrences, lastAt), new WriteOptions())
                .ConfigureAwait(false);
            lock (recent) recent[key] = new RecordedEvent(ns, name, occurrences);
        }
        catch (Exception ex) when (ControllerLoop.IsExpected(ex) || ex is StatusError)
        {
            // The namespace is going away, the store is stopping: events are best effort, as in client-go.
            logger.LogDebug("event {Reason} for {Name} dropped: {Message}", e.Reason, (string?)e.InvolvedObject["name"], ex.Message);
        }
    }

    static JsonObject NewEvent(string name, string ns, PendingEvent e, int count, DateTimeOffset lastAt)
    {
        var evt = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Event",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns },
            ["involvedObject"] = e.InvolvedObject.DeepClone(),
            ["reason"] = e.Reason,
            ["message"] = e.Message,
        };
        if (e.Reporter.EventsApi)
        {
            evt["source"] = new JsonObject();
            evt["firstTimestamp"] = null;
            evt["lastTimestamp"] = null;
            evt["type"] = e.Type;
            evt["eventTime"] = KubeTime.FormatMicro(e.At);
            if (count > 1) evt["series"] = Series(count, lastAt);
            evt["action"] = e.Action ?? e.Reason;
        }
        else
        {
            evt["source"] = e.Reporter.Host.Length > 0
                ? new JsonObject { ["component"] = e.Reporter.Component, ["host"] = e.Reporter.Host }
                : new JsonObject { ["component"] = e.Reporter.Component };
            evt["firstTimestamp"] = KubeTime.Format(e.At);
            evt["lastTimestamp"] = KubeTime.Format(lastAt);
            evt["count"] = count;
            evt["type"] = e.Type;
            evt["eventTime"] = null;
        }
        evt["reportingComponent"] = e.Reporter.Component;
        evt["reportingInstance"] = e.Reporter.Instance;
        return evt;
    }

    static JsonObject Repeat(JsonObject current, EventReporter reporter, int total, DateTimeOffset lastAt)
    {
        if (reporter.EventsApi) current["series"] = Series(total, lastAt);
        else
        {
            current["count"] = total;
            current["lastTimestamp"] = KubeTime.Format(lastAt);
        }
        return current;
    }

    static JsonObject Series(int count, DateTimeOffset lastObserved) =>
        new() { ["count"] = count, ["lastObservedTime"] = KubeTime.FormatMicro(lastObserved) };

    /// <summary>client-go names events "{object}.{unix nanoseconds in hex}"; kept strictly increasing so names never collide.</summary>
    string UniqueName(string objectName, DateTimeOffset at)
    {
        var nanos = (at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;
        lock (recent) nanos = lastNameNanos = Math.Max(nanos, lastNameNanos + 1);
        return $"{objectName}.{nanos:x}";
    }

    /// <summary>client-go's aggregation key: reporter, involved object (without its resourceVersion), type, reason, message.</summary>
    static string KeyOf(PendingEvent e)
    {
        var o = e.InvolvedObject;
        return string.Join('\u0000', e.Reporter.Component, e.Reporter.Host, (string?)o["kind"], (string?)o["namespace"], (string?)o["name"],
            (string?)o["uid"], (string?)o["apiVersion"], (string?)o["fieldPath"], e.Type, e.Reason, e.Message);
    }

    sealed record PendingEvent(EventReporter Reporter, JsonObject InvolvedObject, string Type, string Reason, string Message, string? Action,
        DateTimeOffset At);

    sealed record RecordedEvent(string Namespace, string Name, int Count);
}
