using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Meta;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation.Kinds.Events;

/// <summary>events.k8s.io/v1 Events: legacy rules, ObjectMeta and the strict rules of the newer API.</summary>
public sealed class EventsV1Strategy() : ResourceStrategy(new ObjectMetaRules(Namespaced: true, NameValidators.DnsSubdomain, KubeFinalizers: true))
{
    public override IReadOnlyList<FieldError> ValidateCreate(JsonObject obj)
    {
        var view = EventView.FromEventsV1(obj);
        var errors = EventValidation.ValidateLegacy(view).ToList();
        errors.AddRange(ObjectMetaValidation.ValidateCreate(obj, MetaRules));
        errors.AddRange(EventValidation.ValidateStrictCreate(view));
        return errors;
    }

    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject newObj, JsonObject oldObj)
    {
        var view = EventView.FromEventsV1(newObj);
        var errors = EventValidation.ValidateLegacy(view).ToList();
        errors.AddRange(ObjectMetaValidation.ValidateUpdate(newObj, oldObj, MetaRules));
        errors.AddRange(EventValidation.ValidateStrictUpdate(view, EventView.FromEventsV1(oldObj)));
        return errors;
    }
}
