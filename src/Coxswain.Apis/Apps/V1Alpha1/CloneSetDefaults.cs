using Coxswain.Apis.Apps.Models;
using Coxswain.Apis.Apps.Pub;
using Coxswain.LocalCluster.Validation.Kinds.Pods;
using Coxswain.LocalCluster.Validation.Kinds.Storage;
using k8s.Models;

namespace Coxswain.Apis.Apps.V1Alpha1;

/// <summary>
/// OpenKruise's SetDefaultsCloneSet, which the <c>mcloneset.kb.io</c> mutating webhook applies. Because the template is
/// schemaless in the CRD, this is the only place a CloneSet's pod template gets Kubernetes' pod defaults, and the
/// revision hash is computed over the defaulted template.
/// </summary>
public static class CloneSetDefaults
{
    public const string DefaultMaxUnavailable = "20%";
    public const int DefaultReplicas = 1;
    public const int DefaultRevisionHistoryLimit = 10;

    /// <param name="cloneSet">Mutated in place.</param>
    /// <param name="injectTemplateDefaults">
    /// True on create and on updates that change the template (the webhook's rule, unless the TemplateNoDefaults gate is on).
    /// </param>
    public static void Apply(CloneSet cloneSet, bool injectTemplateDefaults)
    {
        var spec = cloneSet.Spec;
        spec.Replicas ??= DefaultReplicas;
        spec.RevisionHistoryLimit ??= DefaultRevisionHistoryLimit;

        if (injectTemplateDefaults)
        {
            spec.Template = DefaultTemplate(spec.Template);
            if (spec.VolumeClaimTemplates is { } claims)
                for (var i = 0; i < claims.Count; i++)
                    claims[i] = DefaultClaim(claims[i]);
        }

        var strategy = spec.UpdateStrategy;
        switch (strategy.Type)
        {
            case null or "":
                strategy.Type = CloneSetUpdateStrategyTypes.ReCreate;
                break;
            case CloneSetUpdateStrategyTypes.InPlaceIfPossible or CloneSetUpdateStrategyTypes.InPlaceOnly:
                strategy.InPlaceUpdateStrategy ??= new InPlaceUpdateStrategy();
                break;
        }
        strategy.Partition ??= 0;
        strategy.MaxUnavailable ??= DefaultMaxUnavailable;
        strategy.MaxSurge ??= 0;
    }

    /// <summary>Whether the webhook injects template defaults: on create, or when an update changes the template.</summary>
    public static bool ShouldInjectTemplateDefaults(CloneSet cloneSet, CloneSet? oldCloneSet) =>
        oldCloneSet is null || !k8s.KubernetesJson.Serialize(cloneSet.Spec.Template).Equals(k8s.KubernetesJson.Serialize(oldCloneSet.Spec.Template), StringComparison.Ordinal);

    static V1PodTemplateSpec DefaultTemplate(V1PodTemplateSpec template)
    {
        var json = ModelJson.ToJsonObject(template);
        if (json["spec"] is System.Text.Json.Nodes.JsonObject podSpec) PodSpecDefaults.Apply(podSpec);
        return ModelJson.FromJsonObject<V1PodTemplateSpec>(json);
    }

    static V1PersistentVolumeClaim DefaultClaim(V1PersistentVolumeClaim claim)
    {
        var json = ModelJson.ToJsonObject(claim);
        new PersistentVolumeClaimStrategy().ApplyDefaults(json);
        return ModelJson.FromJsonObject<V1PersistentVolumeClaim>(json);
    }
}
