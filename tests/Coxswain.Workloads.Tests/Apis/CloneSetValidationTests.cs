using Coxswain.Apis.Apps.Pub;
using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.Workloads.Tests.Support;
using k8s.Models;

namespace Coxswain.Workloads.Tests.Apis;

public class CloneSetValidationTests
{
    static List<string> Errors(CloneSet cloneSet) => CloneSetValidation.ValidateCreate(cloneSet).Select(e => e.ToString()).ToList();

    [Fact]
    public void A_defaulted_CloneSet_is_valid() => Assert.Empty(Errors(TestCloneSets.Defaulted("web")));

    [Fact]
    public void Selector_must_match_template_labels()
    {
        var cloneSet = TestCloneSets.Defaulted("web");
        cloneSet.Spec.Template.Metadata.Labels = new Dictionary<string, string> { ["app"] = "other" };
        Assert.Contains("spec.template.metadata.labels: Invalid value: {\"app\":\"other\"}: `selector` does not match template `labels`", Errors(cloneSet));
    }

    [Fact]
    public void Empty_and_missing_selectors_are_rejected()
    {
        var empty = TestCloneSets.Defaulted("web");
        empty.Spec.Selector = new V1LabelSelector();
        Assert.Contains("spec.selector: Invalid value: {}: empty selector is invalid for cloneset", Errors(empty));
        var missing = TestCloneSets.Defaulted("web");
        missing.Spec.Selector = null;
        Assert.Contains("spec.selector: Required value", Errors(missing));
    }

    [Fact]
    public void MaxUnavailable_and_maxSurge_may_not_both_be_zero()
    {
        var cloneSet = TestCloneSets.Defaulted("web");
        cloneSet.Spec.UpdateStrategy.MaxUnavailable = 0;
        Assert.Contains("spec.updateStrategy.maxUnavailable: Invalid value: \"0\": maxUnavailable and maxSurge should not both be less than 1", Errors(cloneSet));
        cloneSet.Spec.UpdateStrategy.MaxSurge = 1;
        Assert.Empty(Errors(cloneSet));
    }

    [Fact]
    public void Small_percentages_round_up_and_pass()
    {
        var cloneSet = TestCloneSets.Defaulted("web", replicas: 2);
        cloneSet.Spec.UpdateStrategy.MaxUnavailable = "1%";
        Assert.Empty(Errors(cloneSet));
    }

    [Fact]
    public void Strategy_rules_use_OpenKruise_messages()
    {
        var cloneSet = TestCloneSets.Defaulted("web");
        cloneSet.Spec.UpdateStrategy.Type = "Rolling";
        cloneSet.Spec.UpdateStrategy.Partition = "x";
        cloneSet.Spec.Template.Spec.RestartPolicy = "Never";
        cloneSet.Spec.Template.Spec.ActiveDeadlineSeconds = 5;
        cloneSet.Spec.UpdateStrategy.ScatterStrategy = [new UpdateScatterTerm { Key = "zone", Value = "a" }, new UpdateScatterTerm { Key = "zone", Value = "a" }];
        cloneSet.Spec.UpdateStrategy.PriorityStrategy = new UpdatePriorityStrategy
        {
            OrderPriority = [new UpdatePriorityOrderTerm { OrderedKey = "k" }],
            WeightPriority = [new UpdatePriorityWeightTerm { Weight = 5, MatchSelector = new V1LabelSelector { MatchLabels = new Dictionary<string, string> { ["a"] = "b" } } }],
        };
        cloneSet.Spec.ScaleStrategy.PodsToDelete = ["a", "b", "a"];
        var errors = Errors(cloneSet);
        Assert.Contains("spec.updateStrategy.type: Invalid value: \"Rolling\": must be 'ReCreate', InPlaceIfPossible or 'InPlaceOnly'", errors);
        Assert.Contains("spec.updateStrategy.partition: Invalid value: \"x\": failed GetScaledValueFromIntOrPercent for partition: invalid value for IntOrString: invalid type: string is not a percentage", errors);
        Assert.Contains("spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"", errors);
        Assert.Contains("spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in cloneset is not Supported", errors);
        Assert.Contains("spec.updateStrategy.scatterStrategy: Required value: duplicated key=zone value=a", errors);
        Assert.Contains("spec.updateStrategy.priorityStrategy: Required value: only one of weightPriority and orderPriority can be used", errors);
        Assert.Contains("spec.scaleStrategy.podsToDelete: Invalid value: [\"a\",\"b\",\"a\"]: duplicated items [a]", errors);
    }

    [Fact]
    public void InPlaceOnly_rejects_maxSurge_and_non_image_changes()
    {
        var old = TestCloneSets.Defaulted("web");
        old.Spec.UpdateStrategy.Type = CloneSetUpdateStrategyTypes.InPlaceOnly;
        var surge = TestCloneSets.Defaulted("web");
        surge.Spec.UpdateStrategy.Type = CloneSetUpdateStrategyTypes.InPlaceOnly;
        surge.Spec.UpdateStrategy.MaxSurge = 1;
        Assert.Contains("spec.updateStrategy.maxSurge: Invalid value: \"1\": can not use maxSurge with strategy type InPlaceOnly", Errors(surge));

        var image = TestCloneSets.Defaulted("web", image: "nginx:1.26");
        image.Spec.UpdateStrategy.Type = CloneSetUpdateStrategyTypes.InPlaceOnly;
        Assert.Empty(CloneSetValidation.ValidateUpdate(image, old));

        var env = TestCloneSets.Defaulted("web");
        env.Spec.UpdateStrategy.Type = CloneSetUpdateStrategyTypes.InPlaceOnly;
        env.Spec.Template.Spec.Containers[0].Env = [new V1EnvVar { Name = "A", Value = "1" }];
        Assert.Contains("spec: Forbidden: only allowed to update images in spec for InPlaceOnly, but found add /containers/0/env",
            CloneSetValidation.ValidateUpdate(env, old).Select(e => e.ToString()));
    }

    [Fact]
    public void The_selector_is_immutable()
    {
        var old = TestCloneSets.Defaulted("web");
        var changed = TestCloneSets.Defaulted("web");
        changed.Spec.Selector!.MatchLabels!["tier"] = "x";
        changed.Spec.Template.Metadata.Labels!["tier"] = "x";
        Assert.Contains(
            "spec: Forbidden: updates to cloneset spec for fields other than 'replicas', 'template', 'lifecycle', 'scaleStrategy', 'updateStrategy', 'minReadySeconds', 'volumeClaimTemplates' and 'revisionHistoryLimit' are forbidden",
            CloneSetValidation.ValidateUpdate(changed, old).Select(e => e.ToString()));
    }

    [Fact]
    public void PodsToDelete_must_name_existing_pods_of_this_CloneSet()
    {
        var cloneSet = TestCloneSets.Defaulted("web");
        cloneSet.Metadata.Uid = "uid-1";
        cloneSet.Spec.ScaleStrategy.PodsToDelete = ["gone", "foreign", "mine"];
        V1Pod Pod(string name, string uid) => new()
        {
            Metadata = new V1ObjectMeta { Name = name, OwnerReferences = [new V1OwnerReference { Controller = true, Uid = uid, Name = "x", Kind = "CloneSet", ApiVersion = "apps.kruise.io/v1alpha1" }] },
        };
        var errors = CloneSetValidation.ValidateCreate(cloneSet, name => name switch
        {
            "foreign" => Pod(name, "uid-2"),
            "mine" => Pod(name, "uid-1"),
            _ => null,
        }).Select(e => e.ToString()).ToList();
        Assert.Equal(
            [
                "spec.scaleStrategy.podsToDelete: Invalid value: \"foreign\": find pod foreign owner is not this CloneSet",
                "spec.scaleStrategy.podsToDelete: Invalid value: \"gone\": find pod gone failed: pods \"gone\" not found",
            ],
            errors);
    }
}
