using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Validation.Kinds.Services;

namespace Coxswain.LocalCluster.Validation;

/// <summary>
/// Gives a new Service its cluster IP, as the Service registry does before validation: allocates one when
/// spec.clusterIP is empty, reserves the requested one otherwise. Headless and ExternalName services get none.
/// Call after <see cref="BuiltInDefaults.ApplyOnCreate"/> and before <see cref="BuiltInValidation.ValidateCreate"/>.
/// </summary>
public static class ServiceIpAssignment
{
    /// <returns>422 causes for a requested IP that cannot be had; throws a 500 StatusError when the range is full.</returns>
    public static IReadOnlyList<FieldError> Assign(JsonObject service, IServiceIpAllocator allocator)
    {
        var spec = service.GetOrAddObject("spec");
        if (!ServiceTraits.NeedsClusterIp(spec) || ServiceTraits.IsHeadless(spec)) return [];

        var requested = spec.StrOrEmpty("clusterIP");
        if (requested.Length == 0)
        {
            var ip = allocator.AllocateNext()
                     ?? throw StatusError.Internal("failed to allocate a serviceIP: range is full");
            spec["clusterIP"] = ip;
            spec["clusterIPs"] = new JsonArray(ip);
            return [];
        }

        // An unparseable IP is left for validation to report.
        if (!Formats.IpFormats.TryParse(requested, out _)) return [];
        var failure = allocator.Allocate(requested);
        return failure is null
            ? []
            : [FieldError.Invalid(FieldPath.Root("spec").Child("clusterIPs"), GoValues.StringSlice(spec.Arr("clusterIPs")),
                $"failed to allocate IP {requested}: {failure}")];
    }
}
