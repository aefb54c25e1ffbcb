using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Selectors;
using Coxswain.LocalCluster.Storage;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Controllers;

/// <summary>
/// kube-controller-manager's endpoints and endpointslice controllers: every Service with a selector gets an Endpoints object
/// and an EndpointSlice listing the pods it selects — ready ones as addresses, others as not-ready — with the Service's
/// target ports resolved against each pod's container ports. This is what makes a Service's backends visible
/// (<c>kubectl get endpoints</c>) and what webhook calls are routed through.
/// </summary>
public sealed class EndpointsController(ResourceStorage storage, ILogger<EndpointsController> logger)
{
    static readonly ResourceDefinition Services = BuiltInResources.Services;
    static readonly ResourceDefinition Pods = BuiltInResources.Pods;
    static readonly ResourceDefinition Endpoints = BuiltInResources.Endpoints;
    static readonly ResourceDefinition Slices = BuiltInResources.EndpointSlices;
    public const string ServiceNameLabel = "kubernetes.io/service-name";
    public const string ManagedByLabel = "endpointslice.kubernetes.io/managed-by";
    public const string ManagedBy = "endpointslice-controller.k8s.io";

    public Task Run(CancellationToken ct) => StoreEventLoop.Run(storage.Store, "endpoints-controller", logger, Resync, OnEvent, ct);

    async Task Resync(StoreSnapshot snapshot)
    {
        foreach (var svc in snapshot.Bucket(Services.GroupResource).Values)
            await Sync(svc.Attributes.Namespace, svc.Attributes.Name).ConfigureAwait(false);
    }

    async Task OnEvent(WatchEvent e)
    {
        var bucket = ObjectStore.BucketOf(e.Object.Key);
        var ns = e.Object.Attributes.Namespace;
        if (bucket == Services.GroupResource)
        {
            await Sync(ns, e.Object.Attributes.Name).ConfigureAwait(false);
        }
        else if (bucket == Pods.GroupResource)
        {
            // Only Services whose selector matches the pod before or after the change can be affected.
            foreach (var svc in storage.Store.Current.Bucket(Services.GroupResource).Values.Where(s => s.Attributes.Namespace == ns))
            {
                var selector = Selector(svc.ToJsonObject());
                if (selector is null) continue;
                if (selector.Matches(e.Object.Attributes.Labels) || (e.Previous is not null && selector.Matches(e.Previous.Attributes.Labels)))
                    await Sync(ns, svc.Attributes.Name).ConfigureAwait(false);
            }
        }
    }

    static LabelSelector? Selector(JsonObject service) =>
        service["spec"]?["selector"] is JsonObject { Count: > 0 } sel
            ? LabelSelector.Parse(string.Join(",", sel.Select(kv => $"{kv.Key}={(string?)kv.Value}")))
            : null;

    async Task Sync(string ns, string name)
    {
        var svcObj = storage.TryGet(Services, ns, name);
        if (svcObj is null)
        {
            // Endpoints are the Service's, by name; the slices go with it through their owner reference (garbage collector).
            await Try(() => storage.DeleteAsync(Endpoints, ns, name, new DeleteOptions())).ConfigureAwait(false);
            return;
        }
        var service = svcObj.ToJsonObject();
        var selector = Selector(service);
        if (selector is null) return; // Services without a selector have user-managed endpoints.

        var pods = storage.Store.Current.Bucket(Pods.GroupResource).Values
            .Where(p => p.Attributes.Namespace == ns && selector.Matches(p.Attributes.Labels))
            .Select(p => p.ToJsonObject())
            .Where(p => !string.IsNullOrEmpty((string?)p["status"]?["podIP"]) && p["metadata"]?["deletionTimestamp"] is null)
            .OrderBy(p => (string?)p["metadata"]?["name"], StringComparer.Ordinal)
            .ToList();
        var servicePorts = (service["spec"]?["ports"] as JsonArray ?? []).OfType<JsonObject>().ToList();

        await WriteEndpoints(ns, name, service, pods, servicePorts).ConfigureAwait(false);
        await WriteSlice(ns, name, service, pods, servicePorts).ConfigureAwait(false);
    }

    async Task WriteEndpoints(string ns, string name, JsonObject service, List<JsonObject> pods, List<JsonObject> servicePorts)
    {
        // One subset per distinct set of resolved ports, as the endpoints controller's repacking produces.
        var subsets = new Dictionary<string, (JsonArray Ready, JsonArray NotReady, JsonArray Ports)>();
        foreach (var pod in pods)
        {
            var ports = new JsonArray(servicePorts.Select(p => PortFor(p, pod, includeAppProtocol: false)).OfType<JsonNode>().ToArray());
            var portsKey = ports.ToJsonString();
            if (!subsets.TryGetValue(portsKey, out var subset)) subsets[portsKey] = subset = (new JsonArray(), new JsonArray(), ports);
            var address = new JsonObject
            {
                ["ip"] = (string?)pod["status"]?["podIP"],
                ["nodeName"] = (string?)pod["spec"]?["nodeName"],
                ["targetRef"] = TargetRef(pod),
            };
            if (address["nodeName"] is null) address.Remove("nodeName");
            (IsReady(pod) ? subset.Ready : subset.NotReady).Add(address);
        }
        var endpoints = new JsonObject
        {
            ["apiVersion"] = "v1",
            ["kind"] = "Endpoints",
            ["metadata"] = new JsonObject { ["name"] = name, ["namespace"] = ns, ["labels"] = service["metadata"]?["labels"]?.DeepClone() },
        };
        if (subsets.Count > 0)
        {
            endpoints["subsets"] = new JsonArray(subsets.Values.Select(s =>
            {
                var subset = new JsonObject();
                if (s.Ready.Count > 0) subset["addresses"] = s.Ready;
                if (s.NotReady.Count > 0) subset["notReadyAddresses"] = s.NotReady;
                subset["ports"] = s.Ports;
                return (JsonNode)subset;
            }).ToArray());
        }
        if (endpoints["metadata"]!["labels"] is null) endpoints["metadata"]!.AsObject().Remove("labels");
        await Upsert(Endpoints, ns, name, endpoints, "subsets").ConfigureAwait(false);
    }

    async Task WriteSlice(string ns, string serviceName, JsonObject service, List<JsonObject> pods, List<JsonObject> servicePorts)
    {
        var sliceName = $"{serviceName}-slice";
        var existing = storage.Store.Current.Bucket(Slices.GroupResource).Values
            .FirstOrDefault(s => s.Attributes.Namespace == ns && s.Attributes.Labels.TryGetValue(ServiceNameLabel, out var sn) && sn == serviceName &&
                                 s.Attributes.Labels.TryGetValue(ManagedByLabel, out var mb) && mb == ManagedBy);
        if (existing is not null) sliceName = existing.Attributes.Name;
        var firstPod = pods.FirstOrDefault();
        var slice = new JsonObject
        {
            ["apiVersion"] = "discovery.k8s.io/v1",
            ["kind"] = "EndpointSlice",
            ["metadata"] = new JsonObject
            {
                ["name"] = sliceName,
                ["namespace"] = ns,
                ["labels"] = new JsonObject { [ServiceNameLabel] = serviceName, [ManagedByLabel] = ManagedBy },
                ["ownerReferences"] = new JsonArray(new JsonObject
                {
                    ["apiVersion"] = "v1", ["kind"] = "Service", ["name"] = serviceName,
                    ["uid"] = (string?)service["metadata"]?["uid"], ["controller"] = true, ["blockOwnerDeletion"] = true,
                }),
            },
            ["addressType"] = "IPv4",
            ["endpoints"] = new JsonArray(pods.Select(pod =>
            {
                var ready = IsReady(pod);
                var ep = new JsonObject
                {
                    ["addresses"] = new JsonArray((string?)pod["status"]?["podIP"]),
                    ["conditions"] = new JsonObject { ["ready"] = ready, ["serving"] = ready, ["terminating"] = false },
                    ["targetRef"] = TargetRef(pod),
                };
                if ((string?)pod["spec"]?["nodeName"] is { Length: > 0 } node) ep["nodeName"] = node;
                return (JsonNode)ep;
            }).ToArray()),
            ["ports"] = new JsonArray(servicePorts.Select(p => (JsonNode?)(firstPod is null ? PortWithoutPod(p) : PortFor(p, firstPod, true))).Where(p => p is not null).ToArray()),
        };
        await Upsert(Slices, ns, sliceName, slice, "endpoints", "ports", "addressType").ConfigureAwait(false);
    }

    /// <summary>Creates the object, or updates it when the named top-level fields (or labels) differ.</summary>
    async Task Upsert(ResourceDefinition r, string ns, string name, JsonObject desired, params string[] fields)
    {
        var current = storage.TryGet(r, ns, name);
        if (current is null)
        {
            await Try(() => storage.CreateAsync(r, ns, desired, new WriteOptions(FieldManager: "endpoint-controller"))).ConfigureAwait(false);
            return;
        }
        var obj = current.ToJsonObject();
        var same = fields.All(f => JsonNode.DeepEquals(obj[f], desired[f])) &&
                   JsonNode.DeepEquals(obj["metadata"]?["labels"], desired["metadata"]?["labels"]);
        if (same) return;
        await Try(() => storage.GuaranteedUpdateAsync(r, ns, name, null, new WriteOptions(FieldManager: "endpoint-controller"), c =>
        {
            foreach (var f in fields)
            {
                if (desired[f] is { } v) c[f] = v.DeepClone(); else c.Remove(f);
            }
            var meta = ResourceStorage.Metadata(c);
            if (desired["metadata"]?["labels"] is { } labels) meta["labels"] = labels.DeepClone(); else meta.Remove("labels");
            return c;
        })).ConfigureAwait(false);
    }

    static JsonObject? PortFor(JsonObject servicePort, JsonObject pod, bool includeAppProtocol)
    {
        var target = servicePort["targetPort"] ?? servicePort["port"];
        long? port = target is JsonValue v && v.TryGetValue<long>(out var n) ? n : null;
        if (port is null && (string?)target is { } named)
        {
            port = (pod["spec"]?["containers"] as JsonArray ?? []).SelectMany(c => c?["ports"] as JsonArray ?? [])
                .Where(p => (string?)p?["name"] == named).Select(p => (long?)p?["containerPort"]).FirstOrDefault();
            if (port is null) return null; // this pod does not expose the named port
        }
        var result = new JsonObject();
        if ((string?)servicePort["name"] is { } name) result["name"] = name;
        result["port"] = port;
        result["protocol"] = (string?)servicePort["protocol"] ?? "TCP";
        if (includeAppProtocol && (string?)servicePort["appProtocol"] is { } ap) result["appProtocol"] = ap;
        return result;
    }

    static JsonObject? PortWithoutPod(JsonObject servicePort) =>
        servicePort["targetPort"] is JsonValue v && v.TryGetValue<long>(out var n)
            ? new JsonObject { ["name"] = (string?)servicePort["name"] ?? "", ["port"] = n, ["protocol"] = (string?)servicePort["protocol"] ?? "TCP" }
            : null;

    static bool IsReady(JsonObject pod) =>
        (pod["status"]?["conditions"] as JsonArray ?? []).Any(c => (string?)c?["type"] == "Ready" && (string?)c?["status"] == "True");

    static JsonObject TargetRef(JsonObject pod) => new()
    {
        ["kind"] = "Pod",
        ["namespace"] = (string?)pod["metadata"]?["namespace"],
        ["name"] = (string?)pod["metadata"]?["name"],
        ["uid"] = (string?)pod["metadata"]?["uid"],
    };

    async Task Try(Func<Task> action)
    {
        try { await action().ConfigureAwait(false); }
        catch (StatusError e) when (e.Code is 404 or 409 or 403) { }
        catch (StatusError e) { logger.LogWarning("endpoints controller: {Message}", e.Message); }
    }
}
