using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Meta;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation.Kinds.Events;

/// <summary>
/// core/v1 Events. For backwards compatibility upstream applies only the legacy event rules through this API, not even
/// ObjectMeta validation; an event without a name is refused later by the storage layer ("Name parameter required.").
/// </summary>
public sealed class CoreEventStrategy() : ResourceStrategy(new ObjectMetaRules(Namespaced: true, NameValidators.DnsSubdomain, KubeFinalizers: true))
{
    public override IReadOnlyList<FieldError> ValidateCreate(JsonObject obj) => EventValidation.ValidateLegacy(EventView.FromCoreV1(obj)).ToList();

    /// <summary>The generic update path still checks metadata transitions (rest.BeforeUpdate) before the legacy rules.</summary>
    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject newObj, JsonObject oldObj)
    {
        var errors = ObjectMetaValidation.ValidateUpdate(newObj, oldObj, MetaRules);
        errors.AddRange(EventValidation.ValidateLegacy(EventView.FromCoreV1(newObj)));
        return errors;
    }
}
