using k8s.Models;

namespace Coxswain.LocalCluster.OpenApi;

/// <summary>The discovery and version endpoints, which kube-apiserver documents alongside the resources.</summary>
public static class DiscoveryOperations
{
    /// <summary>GET /api/v1/ or /apis/&lt;group&gt;/&lt;version&gt;/: the APIResourceList of a group version.</summary>
    public static ApiOperation GroupVersionResources(string group, string version) => Get(
        OperationNaming.PathPrefix(group, version) + "/", $"get{OperationNaming.GroupVersionToken(group, version)}APIResources",
        "get available resources", OperationNaming.Tag(group, version), typeof(V1APIResourceList));

    /// <summary>GET /api/: the APIVersions of the core group.</summary>
    public static ApiOperation CoreVersions() =>
        Get("/api/", "getCoreAPIVersions", "get available API versions", "core", typeof(V1APIVersions));

    /// <summary>GET /apis/: the APIGroupList.</summary>
    public static ApiOperation Groups() =>
        Get("/apis/", "getAPIVersions", "get available API versions", "apis", typeof(V1APIGroupList));

    /// <summary>GET /apis/&lt;group&gt;/: the APIGroup.</summary>
    public static ApiOperation Group(string group) =>
        Get($"/apis/{group}/", $"get{OperationNaming.GroupToken(group)}APIGroup", "get information of a group",
            OperationNaming.GroupTag(group), typeof(V1APIGroup));

    /// <summary>GET /version/.</summary>
    public static ApiOperation Version() =>
        Get("/version/", "getCodeVersion", "get the version information for this server", "version", typeof(VersionInfo));

    static ApiOperation Get(string path, string operationId, string description, string tag, Type response) => new()
    {
        Path = path,
        Method = "get",
        OperationId = operationId,
        Description = description,
        Tag = tag,
        ResponseMediaTypes = [OpenApiMediaTypes.Json],
        Responses = [ApiResponse.Ok(ModelSchemas.For(response)), ApiResponse.Unauthorized],
    };
}
