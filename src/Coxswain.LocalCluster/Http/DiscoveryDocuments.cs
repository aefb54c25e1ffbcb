using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Http;

/// <summary>
/// Discovery as kube-apiserver serves it: the legacy documents (<c>/api</c>, <c>/apis</c>, one <c>APIResourceList</c> per
/// group-version) and the aggregated <c>APIGroupDiscoveryList</c> (apidiscovery.k8s.io v2, with v2beta1 for older clients)
/// that lets kubectl discover everything in two requests. Rebuilt only when the catalog changes.
/// </summary>
public sealed class DiscoveryDocuments(ResourceCatalog catalog)
{
    sealed record Built(long Generation, Dictionary<string, byte[]> Documents);
    Built? built;

    public const string AggregatedV2 = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";
    public const string AggregatedV2Beta1 = "application/json;g=apidiscovery.k8s.io;v=v2beta1;as=APIGroupDiscoveryList";

    /// <summary>The document for a discovery path ("/api", "/apis", "/api/v1", "/apis/apps", "/apis/apps/v1",
    /// or "aggregated:/api@v2" …), or null when no such path exists.</summary>
    public byte[]? Get(string key)
    {
        var b = built;
        if (b is null || b.Generation != catalog.Generation) built = b = Build();
        return b.Documents.GetValueOrDefault(key);
    }

    Built Build()
    {
        var generation = catalog.Generation;
        var all = catalog.All;
        var docs = new Dictionary<string, byte[]>();
        var byGroup = all.GroupBy(r => r.Group).ToList();

        docs["/api"] = Bytes(new JsonObject
        {
            ["kind"] = "APIVersions",
            ["versions"] = new JsonArray("v1"),
            ["serverAddressByClientCIDRs"] = new JsonArray(new JsonObject { ["clientCIDR"] = "0.0.0.0/0", ["serverAddress"] = "127.0.0.1:6443" }),
        });

        var groups = new JsonArray();
        foreach (var g in byGroup.Where(g => g.Key != ""))
        {
            var versions = Versions(g).ToList();
            var groupDoc = new JsonObject
            {
                ["name"] = g.Key,
                ["versions"] = new JsonArray(versions.Select(v => (JsonNode)new JsonObject { ["groupVersion"] = $"{g.Key}/{v}", ["version"] = v }).ToArray()),
                ["preferredVersion"] = new JsonObject { ["groupVersion"] = $"{g.Key}/{versions[0]}", ["version"] = versions[0] },
            };
            groups.Add(groupDoc.DeepClone());
            var single = groupDoc.DeepClone().AsObject();
            single["kind"] = "APIGroup";
            single["apiVersion"] = "v1";
            docs[$"/apis/{g.Key}"] = Bytes(single);
        }
        docs["/apis"] = Bytes(new JsonObject { ["kind"] = "APIGroupList", ["apiVersion"] = "v1", ["groups"] = groups });

        foreach (var gv in all.GroupBy(r => r.GroupVersion))
        {
            var resources = new JsonArray();
            foreach (var r in gv)
            {
                resources.Add(LegacyResource(r));
                foreach (var sub in r.Subresources) resources.Add(LegacySubresource(r, sub));
            }
            var path = gv.First().Group == "" ? $"/api/{gv.First().Version}" : $"/apis/{gv.Key}";
            docs[path] = Bytes(new JsonObject
            {
                ["kind"] = "APIResourceList",
                ["apiVersion"] = "v1",
                ["groupVersion"] = gv.Key,
                ["resources"] = resources,
            });
        }

        foreach (var (version, apiVersion) in new[] { ("v2", "apidiscovery.k8s.io/v2"), ("v2beta1", "apidiscovery.k8s.io/v2beta1") })
        {
            docs[$"aggregated:/api@{version}"] = Bytes(Aggregated(apiVersion, byGroup.Where(g => g.Key == "")));
            docs[$"aggregated:/apis@{version}"] = Bytes(Aggregated(apiVersion, byGroup.Where(g => g.Key != "")));
        }
        return new Built(generation, docs);
    }

    static IEnumerable<string> Versions(IEnumerable<ResourceDefinition> group) =>
        group.Select(r => r.Version).Distinct().OrderByDescending(VersionPriority);

    /// <summary>Kubernetes version ordering: GA over beta over alpha, higher numbers first.</summary>
    public static (int, int, int) VersionPriority(string v)
    {
        var m = System.Text.RegularExpressions.Regex.Match(v, @"^v(\d+)(?:(alpha|beta)(\d+))?$");
        if (!m.Success) return (-1, 0, 0);
        var stability = m.Groups[2].Value switch { "" => 2, "beta" => 1, _ => 0 };
        return (stability, int.Parse(m.Groups[1].Value), m.Groups[3].Success ? int.Parse(m.Groups[3].Value) : 0);
    }

    static JsonObject Aggregated(string apiVersion, IEnumerable<IGrouping<string, ResourceDefinition>> groups)
    {
        var items = new JsonArray();
        foreach (var g in groups)
        {
            var versions = new JsonArray();
            foreach (var v in Versions(g))
            {
                var resources = new JsonArray();
                foreach (var r in g.Where(r => r.Version == v))
                {
                    var res = new JsonObject
                    {
                        ["resource"] = r.Plural,
                        ["responseKind"] = new JsonObject { ["group"] = r.Group, ["version"] = r.Version, ["kind"] = r.Kind },
                        ["scope"] = r.Namespaced ? "Namespaced" : "Cluster",
                        ["singularResource"] = r.Singular,
                        ["verbs"] = new JsonArray(r.Verbs.Select(x => (JsonNode)x).ToArray()),
                    };
                    if (r.ShortNames.Count > 0) res["shortNames"] = new JsonArray(r.ShortNames.Select(x => (JsonNode)x).ToArray());
                    if (r.Categories.Count > 0) res["categories"] = new JsonArray(r.Categories.Select(x => (JsonNode)x).ToArray());
                    if (r.Subresources.Count > 0)
                    {
                        res["subresources"] = new JsonArray(r.Subresources.Select(s => (JsonNode)new JsonObject
                        {
                            ["subresource"] = s,
                            ["responseKind"] = SubresourceKind(r, s),
                            ["verbs"] = new JsonArray(SubresourceVerbs(s).Select(x => (JsonNode)x).ToArray()),
                        }).ToArray());
                    }
                    resources.Add(res);
                }
                versions.Add(new JsonObject { ["version"] = v, ["resources"] = resources, ["freshness"] = "Current" });
            }
            items.Add(new JsonObject { ["metadata"] = new JsonObject { ["name"] = g.Key }, ["versions"] = versions });
        }
        return new JsonObject { ["kind"] = "APIGroupDiscoveryList", ["apiVersion"] = apiVersion, ["metadata"] = new JsonObject(), ["items"] = items };
    }

    static JsonObject LegacyResource(ResourceDefinition r)
    {
        var o = new JsonObject
        {
            ["name"] = r.Plural,
            ["singularName"] = r.Singular,
            ["namespaced"] = r.Namespaced,
            ["kind"] = r.Kind,
            ["verbs"] = new JsonArray(r.Verbs.Select(x => (JsonNode)x).ToArray()),
        };
        if (r.ShortNames.Count > 0) o["shortNames"] = new JsonArray(r.ShortNames.Select(x => (JsonNode)x).ToArray());
        if (r.Categories.Count > 0) o["categories"] = new JsonArray(r.Categories.Select(x => (JsonNode)x).ToArray());
        return o;
    }

    static JsonObject LegacySubresource(ResourceDefinition r, string sub)
    {
        var kind = SubresourceKind(r, sub);
        var o = new JsonObject
        {
            ["name"] = $"{r.Plural}/{sub}",
            ["singularName"] = "",
            ["namespaced"] = r.Namespaced,
        };
        // A subresource whose kind lives in another group version names both (pods/eviction: policy, v1), as the
        // apiserver's installer does; kubectl drain looks for exactly that to decide it can evict.
        if ((string?)kind["group"] is { } g && (string?)kind["version"] is { } v && (g != r.Group || v != r.Version))
        {
            o["group"] = g;
            o["version"] = v;
        }
        o["kind"] = (string?)kind["kind"];
        o["verbs"] = new JsonArray(SubresourceVerbs(sub).Select(x => (JsonNode)x).ToArray());
        return o;
    }

    static JsonObject SubresourceKind(ResourceDefinition r, string sub) => sub switch
    {
        "scale" => new JsonObject { ["group"] = "autoscaling", ["version"] = "v1", ["kind"] = "Scale" },
        "binding" => new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "Binding" },
        "eviction" => new JsonObject { ["group"] = "policy", ["version"] = "v1", ["kind"] = "Eviction" },
        "portforward" => new JsonObject { ["group"] = "", ["version"] = "v1", ["kind"] = "PodPortForwardOptions" },
        _ => new JsonObject { ["group"] = r.Group, ["version"] = r.Version, ["kind"] = r.Kind },
    };

    static string[] SubresourceVerbs(string sub) => sub switch
    {
        "log" => ["get"],
        "binding" or "eviction" => ["create"],
        "portforward" => ["create", "get"],
        "finalize" => ["update"],
        _ => ["get", "patch", "update"],
    };

    static byte[] Bytes(JsonNode node) => System.Text.Json.JsonSerializer.SerializeToUtf8Bytes(node);
}
