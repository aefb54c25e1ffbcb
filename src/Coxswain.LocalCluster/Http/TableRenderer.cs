using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Http;

/// <summary>Renders objects as a meta.k8s.io/v1 Table (kubectl's human output). The Tables module provides the real one.</summary>
public interface ITableRenderer
{
    JsonObject Render(ResourceDefinition r, IReadOnlyList<JsonObject> objects, string resourceVersion, string? continueToken,
        string? includeObject, bool includeColumns);
}
