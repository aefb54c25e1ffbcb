using Coxswain.Runtime.Client;
using Coxswain.Runtime.Relations;
using Coxswain.Runtime.Tests.Support;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Relations;

/// <summary>The claim decisions that need no API call (the patching ones run against a server in the integration tests).</summary>
public class ControllerRefManagerTests
{
    private static readonly V1Deployment Web = Objects.Deployment("web");

    // Nothing listens here: a claim that tried to patch or to re-read the controller would fail.
    private static readonly ResourceClient<V1Pod> Unreachable = new(new Kubernetes(new KubernetesClientConfiguration { Host = "http://127.0.0.1:9" }));

    [Fact]
    public async Task Children_kept_or_ignored_as_they_are_are_claimed_without_waiting_for_anything()
    {
        V1Pod[] candidates =
        [
            Labeled(Objects.Pod("web-1", owners: Objects.Owner("apps/v1", "Deployment", "web")), "web"),
            Labeled(Objects.Pod("db-1", owners: Objects.Owner("apps/v1", "Deployment", "db")), "web"),
            Labeled(Objects.Pod("stray"), "db"),
            Labeled(Objects.Pod("web-2", owners: Objects.Owner("apps/v1", "Deployment", "web")), "web"),
        ];

        var claim = Manager(p => p.Metadata.Labels["app"] == "web").ClaimAsync(candidates);

        Assert.True(claim.IsCompletedSuccessfully);
        Assert.Equal(["web-1", "web-2"], (await claim).Select(p => p.Metadata.Name));
    }

    [Fact]
    public async Task A_failing_match_is_reported_with_the_others_after_every_candidate_was_tried()
    {
        var invalid = new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "app", OperatorProperty = "Near" }] };

        var error = await Assert.ThrowsAsync<AggregateException>(() =>
            Manager(p => LabelSelectors.Matches(invalid, p.Metadata.Labels)).ClaimAsync([
                Objects.Pod("web-1", owners: Objects.Owner("apps/v1", "Deployment", "web")),
                Objects.Pod("web-2", owners: Objects.Owner("apps/v1", "Deployment", "web"))]));

        Assert.Equal(2, error.InnerExceptions.Count);
        Assert.All(error.InnerExceptions, e => Assert.IsType<ArgumentException>(e));
    }

    private static ControllerRefManager<V1Pod> Manager(Func<V1Pod, bool> matches) =>
        new(Unreachable, Web, matches, _ => throw new InvalidOperationException("no adoption expected"));

    private static V1Pod Labeled(V1Pod pod, string app)
    {
        pod.Metadata.Labels = new Dictionary<string, string> { ["app"] = app };
        return pod;
    }
}
