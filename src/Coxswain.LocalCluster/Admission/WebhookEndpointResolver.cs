using System.Net;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Storage;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Admission;

/// <summary>
/// Finds the address a service-backed webhook is dialled at: one of the ready addresses of the service's Endpoints, on
/// the endpoint port named like the service port (kube-apiserver's endpoint service resolver). The local cluster has no
/// cluster IPs to route through, so this is the only way in.
/// </summary>
internal sealed class WebhookEndpointResolver(ObjectStore store)
{
    /// <exception cref="EndpointResolutionException">With kube-apiserver's text, e.g. <c>no endpoints available for service "x"</c>.</exception>
    public IPEndPoint Resolve(WebhookServiceReference reference)
    {
        var service = store.Get(ObjectKeys.For(BuiltInResources.Services, reference.Namespace, reference.Name))?.ToJsonObject()
            ?? throw new EndpointResolutionException($"service \"{reference.Name}\" not found");
        var spec = service.Obj("spec");
        var type = spec.Str("type") ?? "ClusterIP";
        if (type is not ("ClusterIP" or "LoadBalancer" or "NodePort"))
            throw new EndpointResolutionException($"unsupported service type \"{type}\"");
        var servicePort = spec.Arr("ports").Objects().Select(p => p.Item).FirstOrDefault(p => p.Long("port") == reference.Port)
            ?? throw new EndpointResolutionException($"no service port {reference.Port} found for service \"{reference.Name}\"");
        var portName = servicePort.StrOrEmpty("name");

        var endpoints = store.Get(ObjectKeys.For(BuiltInResources.Endpoints, reference.Namespace, reference.Name))?.ToJsonObject()
            ?? throw new EndpointResolutionException($"endpoints \"{reference.Name}\" not found");
        foreach (var (_, subset) in endpoints.Arr("subsets").Objects())
        {
            foreach (var (_, port) in subset.Arr("ports").Objects())
            {
                if (port.StrOrEmpty("name") != portName) continue;
                // Only ready addresses serve; notReadyAddresses are never dialled.
                var ready = subset.Arr("addresses").Objects()
                    .Select(a => IPAddress.TryParse(a.Item.StrOrEmpty("ip"), out var ip) ? ip : null)
                    .OfType<IPAddress>().ToList();
                if (ready.Count == 0) continue;
                return new IPEndPoint(ready[Random.Shared.Next(ready.Count)], (int)(port.Long("port") ?? 0));
            }
        }
        throw new EndpointResolutionException($"no endpoints available for service \"{reference.Name}\"");
    }
}

/// <summary>A service-backed webhook has nowhere to be called; the message is kube-apiserver's.</summary>
internal sealed class EndpointResolutionException(string message) : Exception(message);
