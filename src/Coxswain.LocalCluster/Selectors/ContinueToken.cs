// TEMPORARY STUB: replaced by the selectors branch.
namespace Coxswain.LocalCluster.Selectors;
public static class ContinueToken
{
    public static string Encode(long resourceVersion, string startKey) =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(
            System.Text.Json.JsonSerializer.Serialize(new { v = "meta.k8s.io/v1", rv = resourceVersion, start = startKey })));
    public static (long ResourceVersion, string StartKey) Decode(string token)
    {
        var o = System.Text.Json.Nodes.JsonNode.Parse(Convert.FromBase64String(token))!;
        return ((long)o["rv"]!, (string)o["start"]!);
    }
}
