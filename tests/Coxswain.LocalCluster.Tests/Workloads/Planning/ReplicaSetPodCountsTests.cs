using Coxswain.KubeControllers.ReplicaSets;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using k8s.Models;
using static Coxswain.LocalCluster.Tests.Workloads.Planning.PlanningObjects;

namespace Coxswain.LocalCluster.Tests.Workloads.Planning;

public sealed class ReplicaSetPodCountsTests
{
    static readonly string[] ConditionTypes = ["PodScheduled", "Initialized", "Ready", "ContainersReady"];

    /// <summary>
    /// The one-pass counts equal upstream's definitions applied one by one (<c>calculateStatus</c>,
    /// <c>podutil.IsPodReady</c>/<c>IsPodAvailable</c>, the first <c>Ready</c> condition deciding), whatever the labels,
    /// conditions (missing, repeated, without a time) and minReadySeconds.
    /// </summary>
    [Property(MaxTest = 300)]
    public Property Counts_in_one_pass_equal_the_definitions()
    {
        var labels = Gen.SubListOf(["app=web", "tier=front", "pod-template-hash=abc", "app=db"])
            .Select(pairs => pairs.Select(p => p.Split('=')).DistinctBy(p => p[0]).ToDictionary(p => p[0], p => p[1]));
        var condition = Gen.Elements(ConditionTypes).SelectMany(type => Gen.Elements("True", "False", "Unknown").SelectMany(status =>
            Gen.Choose(-40, 40).Select(seconds => new V1PodCondition
            {
                Type = type,
                Status = status,
                LastTransitionTime = seconds == 0 ? null : Now.UtcDateTime.AddSeconds(seconds),
            })));
        var pod = labels.SelectMany(l => Gen.ListOf(condition).Select(c => new V1Pod
        {
            Metadata = new V1ObjectMeta { Labels = l.Count == 0 ? null : l },
            Status = new V1PodStatus { Conditions = [.. c.Take(5)] },
        }));
        var scenario = Gen.Elements(0, 5, 30).SelectMany(minReady => labels.SelectMany(template => Gen.ListOf(pod).Select(pods => (minReady, template, pods.ToList()))));
        return Prop.ForAll(scenario.ToArbitrary(), s =>
        {
            var rs = new V1ReplicaSet
            {
                Metadata = new V1ObjectMeta { Name = "web" },
                Spec = new V1ReplicaSetSpec { MinReadySeconds = s.minReady, Template = new V1PodTemplateSpec { Metadata = new V1ObjectMeta { Labels = s.template } } },
            };
            var pods = s.Item3;

            var counts = ReplicaSetPodCounts.Of(rs, pods, Now);

            var expected = new ReplicaSetPodCounts(
                pods.Count,
                pods.Count(p => s.template.All(l => p.Metadata.Labels?.TryGetValue(l.Key, out var v) == true && v == l.Value)),
                pods.Count(p => Ready(p)?.Status == "True"),
                pods.Count(p => Ready(p) is { Status: "True" } c && (s.minReady == 0 || (c.LastTransitionTime is { } t && Utc(t).AddSeconds(s.minReady) < Now))),
                pods.Select(p => Ready(p) is { Status: "True", LastTransitionTime: { } t } && s.minReady > 0 && Utc(t).AddSeconds(s.minReady) - Now is var left && left >= TimeSpan.Zero
                        ? left + TimeSpan.FromSeconds(1)
                        : (TimeSpan?)null)
                    .Min());
            return (counts == expected).Label($"{counts} != {expected}");
        });

        static V1PodCondition? Ready(V1Pod pod) => pod.Status.Conditions.FirstOrDefault(c => c.Type == "Ready");

        static DateTimeOffset Utc(DateTime time) => new(DateTime.SpecifyKind(time, DateTimeKind.Utc));
    }
}
