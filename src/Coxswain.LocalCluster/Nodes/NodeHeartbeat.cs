using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Controllers;
using Coxswain.LocalCluster.Kubelet;
using Coxswain.LocalCluster.Storage;
using Coxswain.LocalCluster.Validation;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Nodes;

/// <summary>
/// The node-level duties of a simulated kubelet: registering its Node (or refreshing it when it already exists), renewing
/// its Lease in <c>kube-node-lease</c> every <see cref="NodeSimulationOptions.LeaseRenewInterval"/>, and posting node
/// status when its conditions need correcting (after the node lifecycle controller marked them Unknown) or at least every
/// <see cref="NodeSimulationOptions.NodeStatusReportFrequency"/>. A stopped kubelet does none of this, which is how a
/// node "fails". Loop-thread only.
/// </summary>
public sealed class NodeHeartbeat(NodeIdentity node, KubeletServices services)
{
    public const string LeaseNamespace = "kube-node-lease";
    static readonly ResourceDefinition Nodes = BuiltInResources.Nodes;
    static readonly ResourceDefinition Leases = BuiltInResources.Leases;

    readonly string bootId = Guid.NewGuid().ToString();
    DateTimeOffset lastStatusReport = DateTimeOffset.MinValue;
    ScheduledTimer? nextBeat;
    bool beating;
    /// <summary>The revision of the Node last parsed here and whether its conditions were healthy then.</summary>
    (long Revision, bool Healthy) lastSeen = (-1, false);

    NodeSimulationOptions Options => services.Options;

    /// <summary>Registers the node and starts heartbeats, the first one after <paramref name="initialDelay"/> (spreads a big cluster's beats).</summary>
    public void Start(TimeSpan initialDelay)
    {
        beating = true;
        var now = services.Now;
        var manifest = NodeManifest.Build(node, Options, bootId, now);
        services.Loop.Start(() => RegisterAsync(manifest, now), onSuccess: registered =>
        {
            lastStatusReport = now;
            services.Events.Record(EventReporter.Kubelet(node.Name), NodeReference(registered), "Normal", "Starting", "Starting kubelet.");
            RenewLease(registered.Obj("metadata").StrOrEmpty("uid"));
            ScheduleBeat(initialDelay);
        }, onFailure: error =>
        {
            services.Logger.LogWarning(error, "registering node {Node} failed; retrying", node.Name);
            nextBeat = services.Loop.After(TimeSpan.FromSeconds(1), () => Start(TimeSpan.Zero));
        });
    }

    /// <summary>The kubelet stops: no more lease renewals or status posts.</summary>
    public void Stop()
    {
        beating = false;
        nextBeat?.Cancel();
    }

    /// <summary>Creates the Node, or (after a restart) refreshes the kubelet-owned parts of the existing one.</summary>
    async Task<JsonObject> RegisterAsync(JsonObject manifest, DateTimeOffset now)
    {
        var storage = services.Storage;
        try
        {
            return (await storage.CreateAsync(Nodes, null, (JsonObject)manifest.DeepClone(), new WriteOptions(FieldManager: "kubelet"))
                .ConfigureAwait(false)).ToJsonObject();
        }
        catch (StatusError e) when (e.Code == 409)
        {
        }
        await storage.GuaranteedUpdateAsync(Nodes, null, node.Name, null, new WriteOptions(FieldManager: "kubelet"), current =>
        {
            var labels = ResourceStorage.Metadata(current).GetOrAddObject("labels");
            foreach (var (key, value) in manifest.Obj("metadata").Obj("labels")!) labels[key] = value?.DeepClone();
            return current;
        }).ConfigureAwait(false);
        var refreshed = await storage.GuaranteedUpdateAsync(Nodes, null, node.Name, null, new WriteOptions(FieldManager: "kubelet"),
            current => WithHealthyStatus(current, now), subresource: "status").ConfigureAwait(false);
        return refreshed.ToJsonObject();
    }

    JsonObject WithHealthyStatus(JsonObject current, DateTimeOffset now)
    {
        var status = NodeManifest.Status(node, Options, bootId, now);
        status["conditions"] = NodeConditions.HealthyOver(current.Obj("status").Arr("conditions"), now);
        current["status"] = status;
        return current;
    }

    void ScheduleBeat(TimeSpan delay)
    {
        nextBeat?.Cancel();
        if (beating) nextBeat = services.Loop.After(delay, Beat);
    }

    void Beat()
    {
        if (!beating) return;
        var stored = services.Storage.TryGet(Nodes, null, node.Name);
        if (stored is not null)
        {
            RenewLease(stored.Attributes.Uid);
            PostStatusIfNeeded(stored);
        }
        ScheduleBeat(Options.LeaseRenewInterval);
    }

    void PostStatusIfNeeded(StoredObject current)
    {
        var now = services.Now;
        // A thousand nodes beat every 10 s; the Node object only changes when someone writes it, so it is parsed only then.
        if (current.Revision != lastSeen.Revision)
            lastSeen = (current.Revision, NodeConditions.AreHealthy(current.ToJsonObject().Obj("status").Arr("conditions")));
        if (lastSeen.Healthy && now - lastStatusReport < Options.NodeStatusReportFrequency) return;
        lastStatusReport = now;
        services.Loop.Start(() => services.Storage.GuaranteedUpdateAsync(Nodes, null, node.Name, null, new WriteOptions(FieldManager: "kubelet"),
            c => WithHealthyStatus(c, now), subresource: "status"));
    }

    /// <summary>The Lease names the node as holder and is owned by the Node object, as the kubelet's lease controller makes it.</summary>
    void RenewLease(string nodeUid)
    {
        var renewTime = KubeTime.FormatMicro(services.Now);
        var seconds = (int)Options.LeaseDuration.TotalSeconds;
        services.Loop.Start(async () =>
        {
            try
            {
                await services.Storage.GuaranteedUpdateAsync(Leases, LeaseNamespace, node.Name, null, new WriteOptions(FieldManager: "kubelet"), lease =>
                {
                    var spec = lease.GetOrAddObject("spec");
                    spec["holderIdentity"] = node.Name;
                    spec["leaseDurationSeconds"] = seconds;
                    spec["renewTime"] = renewTime;
                    return lease;
                }).ConfigureAwait(false);
            }
            catch (StatusError e) when (e.Code == 404)
            {
                await services.Storage.CreateAsync(Leases, LeaseNamespace, NewLease(nodeUid, seconds, renewTime), new WriteOptions(FieldManager: "kubelet"))
                    .ConfigureAwait(false);
            }
        });
    }

    JsonObject NewLease(string nodeUid, int seconds, string renewTime) => new()
    {
        ["apiVersion"] = "coordination.k8s.io/v1",
        ["kind"] = "Lease",
        ["metadata"] = new JsonObject
        {
            ["name"] = node.Name,
            ["namespace"] = LeaseNamespace,
            ["ownerReferences"] = new JsonArray(new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "Node", ["name"] = node.Name, ["uid"] = nodeUid,
            }),
        },
        ["spec"] = new JsonObject { ["holderIdentity"] = node.Name, ["leaseDurationSeconds"] = seconds, ["renewTime"] = renewTime },
    };

    static JsonObject NodeReference(JsonObject nodeObject)
    {
        var reference = EventRecorder.Reference(nodeObject);
        // The kubelet refers to its node by name and uid only, without a resourceVersion.
        reference.Remove("resourceVersion");
        return reference;
    }
}
