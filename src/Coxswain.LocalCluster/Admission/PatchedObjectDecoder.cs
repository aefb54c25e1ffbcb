using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Http;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Admission;

/// <summary>
/// What kube-apiserver does with an object a mutating webhook patched: decode it into the kind's type (wrong field types
/// fail, unknown fields are dropped, custom resources pruned to their schema) and run the defaulters again, so the next
/// webhook and validation see a well-formed, defaulted object.
/// </summary>
internal static class PatchedObjectDecoder
{
    /// <exception cref="StatusError">500 InternalError when the patched object no longer decodes.</exception>
    public static JsonObject Decode(ResourceDefinition r, JsonObject patched)
    {
        JsonObject decoded;
        try
        {
            decoded = ObjectDecoder.Normalize(r, patched).Object;
        }
        catch (StatusError e)
        {
            throw StatusError.Internal(e.Message);
        }
        if (!r.IsCustom) BuiltInStrategies.For(r).ApplyDefaults(decoded);
        return decoded;
    }
}
