using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables;

/// <summary>The printers' <c>layoutContainerCells</c>: the wide "Containers" and "Images" cells of a pod template.</summary>
internal static class ContainerCells
{
    public static (string Names, string Images) Of(JsonNode? podSpec)
    {
        var containers = podSpec.ArrayAt("containers");
        return (string.Join(",", containers.Select(c => c.TextAt("name"))),
                string.Join(",", containers.Select(c => c.TextAt("image"))));
    }
}
