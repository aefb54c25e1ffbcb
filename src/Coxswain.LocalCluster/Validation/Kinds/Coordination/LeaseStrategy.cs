using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;
using Coxswain.LocalCluster.Validation.Meta;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation.Kinds.Coordination;

/// <summary>coordination.k8s.io Leases (pkg/apis/coordination/validation), the leader-election lock of controllers.</summary>
public sealed class LeaseStrategy() : ResourceStrategy(new ObjectMetaRules(Namespaced: true, NameValidators.DnsSubdomain, KubeFinalizers: false))
{
    static readonly string[] Strategies = ["OldestEmulationVersion"];

    protected override IEnumerable<FieldError> ValidateBody(JsonObject obj)
    {
        var spec = obj.Obj("spec");
        var path = FieldPath.Root("spec");
        if (spec.Long("leaseDurationSeconds") is <= 0 and var duration)
            yield return FieldError.Invalid(path.Child("leaseDurationSeconds"), duration, "must be greater than 0");
        if (spec.Long("leaseTransitions") is < 0 and var transitions)
            yield return FieldError.Invalid(path.Child("leaseTransitions"), transitions, ValidationText.NonNegative);
        var strategy = spec.Str("strategy");
        if (strategy is not null)
        {
            // Upstream nests the strategy path twice ("spec.strategy.strategy").
            var strategyPath = path.Child("strategy", "strategy");
            if (!strategy.Contains('/'))
            {
                if (!Strategies.Contains(strategy)) yield return FieldError.NotSupported(strategyPath, strategy, Strategies);
            }
            else
                foreach (var m in LabelFormats.IsQualifiedName(strategy)) yield return FieldError.Invalid(strategyPath, strategy, m);
        }
        if (spec.StrOrEmpty("preferredHolder").Length > 0 && string.IsNullOrEmpty(strategy))
            yield return FieldError.Forbidden(path.Child("preferredHolder"), "may only be specified if `strategy` is defined");
    }
}
