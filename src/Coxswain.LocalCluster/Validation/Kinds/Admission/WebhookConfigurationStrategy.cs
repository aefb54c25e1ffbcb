using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Meta;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation.Kinds.Admission;

/// <summary>Validating- and MutatingWebhookConfigurations; the mutating flavour adds reinvocationPolicy.</summary>
public sealed class WebhookConfigurationStrategy(bool mutating)
    : ResourceStrategy(new ObjectMetaRules(Namespaced: false, NameValidators.DnsSubdomain, KubeFinalizers: false))
{
    public override void ApplyDefaults(JsonObject obj) => WebhookDefaults.Apply(obj, mutating);

    public override IReadOnlyList<FieldError> ValidateCreate(JsonObject obj)
    {
        var errors = ObjectMetaValidation.ValidateCreate(obj, MetaRules);
        errors.AddRange(WebhookValidation.Validate(obj, mutating, WebhookValidation.Options.Strict));
        return errors;
    }

    /// <summary>Rules the stored object already broke (side effects, review versions, duplicate names) stay relaxed.</summary>
    public override IReadOnlyList<FieldError> ValidateUpdate(JsonObject newObj, JsonObject oldObj)
    {
        var errors = ObjectMetaValidation.ValidateUpdate(newObj, oldObj, MetaRules);
        errors.AddRange(WebhookValidation.Validate(newObj, mutating, WebhookValidation.Options.FromStored(oldObj)));
        return errors;
    }
}
