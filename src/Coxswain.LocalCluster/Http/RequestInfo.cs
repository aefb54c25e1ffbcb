using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Http;

/// <summary>What a request turned out to be, filled in while it is handled; used for logs and apiserver_request_* metrics.</summary>
public sealed class RequestInfo
{
    public string Verb { get; set; } = "";
    public ResourceDefinition? Resource { get; set; }
    public string? Subresource { get; set; }
    public string? Name { get; set; }
}
