namespace Coxswain.LocalCluster.Http;

/// <summary>What representation the client asked for in its Accept header (kube-apiserver's content negotiation).</summary>
public enum ResponseFormat { Object, Table, PartialObjectMetadata }

public static class ResponseFormats
{
    public const string TableContentType = "application/json;as=Table;v=v1;g=meta.k8s.io";
    public const string PartialObjectMetadataContentType = "application/json;as=PartialObjectMetadata;v=v1;g=meta.k8s.io";
    public const string PartialObjectMetadataListContentType = "application/json;as=PartialObjectMetadataList;v=v1;g=meta.k8s.io";

    /// <summary>
    /// Picks the first acceptable representation in the client's order: a <c>as=Table</c> or
    /// <c>as=PartialObjectMetadata[List]</c> clause we can serve wins over plain JSON only if it comes first.
    /// </summary>
    public static ResponseFormat Negotiate(string? accept, bool isList)
    {
        if (string.IsNullOrEmpty(accept)) return ResponseFormat.Object;
        foreach (var clause in accept.Split(','))
        {
            var parts = clause.Split(';', StringSplitOptions.TrimEntries);
            var media = parts[0];
            string? As = null, g = null, v = null;
            foreach (var p in parts.Skip(1))
            {
                var eq = p.IndexOf('=');
                if (eq < 0) continue;
                var (k, val) = (p[..eq].Trim(), p[(eq + 1)..].Trim());
                if (k == "as") As = val; else if (k == "g") g = val; else if (k == "v") v = val;
            }
            if (As is null)
            {
                if (media is "application/json" or "*/*" or "application/*" or "application/yaml" or "application/vnd.kubernetes.protobuf")
                    return ResponseFormat.Object;
                continue;
            }
            if (g != "meta.k8s.io" || v is not ("v1" or "v1beta1")) continue;
            if (As == "Table") return ResponseFormat.Table;
            if (As == "PartialObjectMetadata" && !isList) return ResponseFormat.PartialObjectMetadata;
            if (As == "PartialObjectMetadataList" && isList) return ResponseFormat.PartialObjectMetadata;
        }
        return ResponseFormat.Object;
    }
}
