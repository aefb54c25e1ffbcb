using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;
using Coxswain.LocalCluster.Validation.Meta;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation.Kinds.Apps;

/// <summary>ControllerRevisions: a snapshot (data) that never changes and a non-negative revision number.</summary>
public sealed class ControllerRevisionStrategy()
    : ResourceStrategy(new ObjectMetaRules(Namespaced: true, NameValidators.DnsSubdomain, KubeFinalizers: true))
{
    protected override IEnumerable<FieldError> ValidateBody(JsonObject obj)
    {
        if (!obj.Has("data")) yield return FieldError.Required(FieldPath.Root("data"), "data is mandatory");
        if (obj.Long("revision") is < 0 and var revision) yield return FieldError.Invalid(FieldPath.Root("revision"), revision, ValidationText.NonNegative);
    }

    protected override IEnumerable<FieldError> ValidateBodyUpdate(JsonObject newObj, JsonObject oldObj) =>
        ImmutableFields.Check(newObj["data"], oldObj["data"], FieldPath.Root("data"));
}
