using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Kubelet;
using Coxswain.LocalCluster.Validation;
using Microsoft.AspNetCore.Http;

namespace Coxswain.LocalCluster.Http;

/// <summary>
/// <c>GET pods/{name}/log</c>: kube-apiserver's part (PodLogOptions validation, choosing the container) and the kubelet's
/// (which instance's log, <c>previous</c>, <c>tailLines</c>, <c>sinceSeconds</c>/<c>sinceTime</c>, <c>timestamps</c>,
/// <c>limitBytes</c>, <c>follow</c>) over the simulated containers' logs. A pod no node runs answers an empty log.
/// </summary>
public sealed class PodLogs(ResourceStorage storage, ContainerLogBook? logBook, TimeProvider? time = null)
{
    /// <summary>The kubelet's fixed-width RFC 3339 timestamp with nanoseconds.</summary>
    const string TimestampFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'00Z'";

    readonly TimeProvider time = time ?? TimeProvider.System;

    sealed record LogOptions(string? Container, bool Follow, bool Previous, bool Timestamps, long? TailLines, DateTimeOffset? Since, long? LimitBytes);

    public async Task HandleAsync(HttpContext ctx, ResourceDefinition r, string ns, string name)
    {
        var pod = storage.Get(r, ns, name).ToJsonObject();
        var options = ParseOptions(ctx.Request.Query, name);
        var container = ChooseContainer(pod, name, options.Container);
        ctx.Response.StatusCode = 200;
        ctx.Response.ContentType = "text/plain";
        if (pod.Obj("spec").StrOrEmpty("nodeName").Length == 0 || logBook?.Find(pod.Obj("metadata").StrOrEmpty("uid"), container) is not { } logs)
        {
            // No kubelet has (or simulates) this pod's containers: kube-apiserver answers an empty stream.
            await ctx.Response.Body.FlushAsync(ctx.RequestAborted).ConfigureAwait(false);
            return;
        }
        var log = SelectInstance(logs, name, container, options.Previous);
        await StreamAsync(ctx, log, options).ConfigureAwait(false);
    }

    // ---- kube-apiserver ---------------------------------------------------------------------------------------------

    LogOptions ParseOptions(IQueryCollection query, string podName)
    {
        string? Text(string key) => query.TryGetValue(key, out var v) && v.Count > 0 ? v[^1] : null;
        bool Flag(string key) => Text(key) is { } v && (v == "1" || v.Equals("true", StringComparison.OrdinalIgnoreCase));
        long? Number(string key)
        {
            if (Text(key) is not { Length: > 0 } v) return null;
            return long.TryParse(v, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw StatusError.BadRequest($"unable to parse {key}: strconv.ParseInt: parsing {GoQuoting.Quote(v)}: invalid syntax");
        }

        var tail = Number("tailLines");
        var limit = Number("limitBytes");
        var sinceSeconds = Number("sinceSeconds");
        DateTimeOffset? sinceTime = null;
        if (Text("sinceTime") is { Length: > 0 } st)
            sinceTime = KubeTime.Parse(st) ?? throw StatusError.BadRequest($"unable to parse sinceTime: parsing time {GoQuoting.Quote(st)} as \"2006-01-02T15:04:05Z07:00\": cannot parse");

        // ValidatePodLogOptions.
        var errors = new List<FieldError>();
        if (tail is < 0) errors.Add(FieldError.Invalid("tailLines", tail, "must be greater than or equal to 0"));
        if (limit is < 1) errors.Add(FieldError.Invalid("limitBytes", limit, "must be greater than 0"));
        if (sinceSeconds is not null && sinceTime is not null)
            errors.Add(FieldError.Forbidden("", "at most one of `sinceTime` or `sinceSeconds` may be specified"));
        else if (sinceSeconds is < 1) errors.Add(FieldError.Invalid("sinceSeconds", sinceSeconds, "must be greater than 0"));
        if (errors.Count > 0) throw StatusError.Invalid("PodLogOptions", "", "PodLogOptions", podName, errors);

        var since = sinceSeconds is { } s ? time.GetUtcNow() - TimeSpan.FromSeconds(s) : sinceTime;
        return new LogOptions(Text("container") is { Length: > 0 } c ? c : null, Flag("follow"), Flag("previous"), Flag("timestamps"), tail, since, limit);
    }

    /// <summary>The pod strategy's LogLocation: the only container, or the one named, which may be an init container.</summary>
    static string ChooseContainer(JsonObject pod, string podName, string? requested)
    {
        var spec = pod.Obj("spec");
        var containers = Names(spec.Arr("containers"));
        var initContainers = Names(spec.Arr("initContainers"));
        var ephemeral = Names(spec.Arr("ephemeralContainers"));
        if (requested is null)
        {
            if (containers.Count == 1) return containers[0];
            if (containers.Count == 0) throw StatusError.BadRequest($"a container name must be specified for pod {podName}");
            var message = $"a container name must be specified for pod {podName}, choose one of: {GoList(containers)}";
            if (initContainers.Count > 0) message += $" or one of the init containers: {GoList(initContainers)}";
            if (ephemeral.Count > 0) message += $" or one of the ephemeral containers: {GoList(ephemeral)}";
            throw StatusError.BadRequest(message);
        }
        if (!containers.Concat(initContainers).Concat(ephemeral).Contains(requested))
            throw StatusError.BadRequest($"container {requested} is not valid for pod {podName}");
        return requested;
    }

    static List<string> Names(JsonArray? containers) => containers.Objects().Select(c => c.Item.StrOrEmpty("name")).ToList();

    static string GoList(IEnumerable<string> items) => "[" + string.Join(' ', items) + "]";

    // ---- kubelet ------------------------------------------------------------------------------------------------

    /// <summary>kubelet's validateContainerLogStatus: which instance's log answers, or why there is none yet.</summary>
    static ContainerLog SelectInstance(ContainerLogs logs, string podName, string container, bool previous)
    {
        var (state, lastState, waiting) = logs.Snapshot();
        if (previous)
            return lastState ?? throw KubeletError(podName, $"previous terminated container \"{container}\" in pod \"{podName}\" not found");
        if (state is not null) return state;
        if (lastState is not null) return lastState;
        throw KubeletError(podName, waiting switch
        {
            "ErrImagePull" => $"container \"{container}\" in pod \"{podName}\" is waiting to start: image can't be pulled",
            "ImagePullBackOff" => $"container \"{container}\" in pod \"{podName}\" is waiting to start: trying and failing to pull image",
            { } reason => $"container \"{container}\" in pod \"{podName}\" is waiting to start: {reason}",
            null => $"container \"{container}\" in pod \"{podName}\" is waiting to start - no logs yet",
        });
    }

    /// <summary>The kubelet answers 400 with the reason as text; kube-apiserver relays it as a BadRequest on pods/log.</summary>
    static StatusError KubeletError(string podName, string message) =>
        new(400, "BadRequest", message, new JsonObject
        {
            ["name"] = podName, ["kind"] = "pods/log", ["causes"] = new JsonArray(new JsonObject { ["message"] = message }),
        });

    async Task StreamAsync(HttpContext ctx, ContainerLog log, LogOptions options)
    {
        var ct = ctx.RequestAborted;
        var (lines, complete) = log.Read(0);
        var next = lines.Count;
        IEnumerable<LogLine> first = lines;
        if (options.TailLines is { } tail) first = lines.Skip(Math.Max(0, lines.Count - (int)Math.Min(tail, int.MaxValue)));
        var budget = options.LimitBytes ?? long.MaxValue;
        budget = await WriteAsync(ctx, first, options, budget, ct).ConfigureAwait(false);
        await ctx.Response.Body.FlushAsync(ct).ConfigureAwait(false);

        while (options.Follow && !complete && budget > 0 && !ct.IsCancellationRequested)
        {
            try { await log.WaitForMoreAsync(next, ct).ConfigureAwait(false); }
            catch (OperationCanceledException) { return; }
            (lines, complete) = log.Read(next);
            next += lines.Count;
            budget = await WriteAsync(ctx, lines, options, budget, ct).ConfigureAwait(false);
            await ctx.Response.Body.FlushAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Writes the lines not older than <c>since</c>, prefixed with their time when asked, within the byte budget left.</summary>
    static async Task<long> WriteAsync(HttpContext ctx, IEnumerable<LogLine> lines, LogOptions options, long budget, CancellationToken ct)
    {
        foreach (var line in lines)
        {
            if (budget <= 0) break;
            if (options.Since is { } since && line.At < since) continue;
            var text = options.Timestamps ? $"{line.At.UtcDateTime.ToString(TimestampFormat, CultureInfo.InvariantCulture)} {line.Text}\n" : line.Text + "\n";
            var bytes = Encoding.UTF8.GetBytes(text);
            var count = (int)Math.Min(bytes.Length, budget);
            await ctx.Response.Body.WriteAsync(bytes.AsMemory(0, count), ct).ConfigureAwait(false);
            budget -= count;
        }
        return budget;
    }
}
