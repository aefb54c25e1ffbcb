using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Server;

/// <summary>
/// The objects every cluster starts with: the four system namespaces and the <c>kubernetes</c> Service (with its
/// Endpoints pointing at this server). Idempotent, so it runs on every start; a restart keeps what users changed.
/// </summary>
public static class ClusterBootstrap
{
    public static readonly string[] SystemNamespaces = ["default", "kube-system", "kube-public", "kube-node-lease"];

    public const string KubernetesServiceIp = "10.96.0.1";

    public static async Task RunAsync(ResourceStorage storage, string address, int port)
    {
        foreach (var ns in SystemNamespaces)
        {
            await CreateIfMissing(storage, BuiltInResources.Namespaces, null, new JsonObject
            {
                ["apiVersion"] = "v1", ["kind"] = "Namespace",
                ["metadata"] = new JsonObject { ["name"] = ns },
            }).ConfigureAwait(false);
        }

        await CreateIfMissing(storage, BuiltInResources.Services, "default", new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Service",
            ["metadata"] = new JsonObject
            {
                ["name"] = "kubernetes",
                ["labels"] = new JsonObject { ["component"] = "apiserver", ["provider"] = "kubernetes" },
            },
            ["spec"] = new JsonObject
            {
                ["type"] = "ClusterIP",
                ["clusterIP"] = KubernetesServiceIp,
                ["clusterIPs"] = new JsonArray(KubernetesServiceIp),
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = 443, ["protocol"] = "TCP", ["targetPort"] = port }),
                ["sessionAffinity"] = "None",
            },
        }).ConfigureAwait(false);

        await CreateIfMissing(storage, BuiltInResources.Endpoints, "default", new JsonObject
        {
            ["apiVersion"] = "v1", ["kind"] = "Endpoints",
            ["metadata"] = new JsonObject { ["name"] = "kubernetes", ["labels"] = new JsonObject { ["endpointslice.kubernetes.io/skip-mirror"] = "true" } },
            ["subsets"] = new JsonArray(new JsonObject
            {
                ["addresses"] = new JsonArray(new JsonObject { ["ip"] = address }),
                ["ports"] = new JsonArray(new JsonObject { ["name"] = "https", ["port"] = port, ["protocol"] = "TCP" }),
            }),
        }).ConfigureAwait(false);
    }

    static async Task CreateIfMissing(ResourceStorage storage, ResourceDefinition r, string? ns, JsonObject obj)
    {
        var name = (string)obj["metadata"]!["name"]!;
        if (storage.TryGet(r, ns, name) is not null) return;
        try
        {
            await storage.CreateAsync(r, ns, obj, new WriteOptions(FieldManager: "kube-apiserver")).ConfigureAwait(false);
        }
        catch (StatusError e) when (e.Code == 409)
        {
        }
    }
}
