using Coxswain.Runtime.Cache;
using Coxswain.Runtime.Relations;
using Coxswain.Runtime.Tests.Support;
using Coxswain.Runtime.Watchers;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Relations;

public class ControllerRefLookupsTests
{
    private static readonly V1Deployment Web = Objects.Deployment("web");

    [Fact]
    public void Controlled_children_are_those_whose_controller_reference_names_the_uid_in_the_namespace()
    {
        var store = Store(
            Objects.Pod("web-1", owners: Objects.Owner("apps/v1", "Deployment", "web")),
            Objects.Pod("web-x", "elsewhere", owners: Objects.Owner("apps/v1", "Deployment", "web")),
            Objects.Pod("shared", owners: [Objects.Owner("apps/v1", "Deployment", "web", controller: false), Objects.Owner("apps/v1", "Deployment", "db")]));

        Assert.Equal(["web-1"], store.ControlledBy("default", "uid-web").Select(p => p.Metadata.Name));
        Assert.Equal(["shared"], store.ControlledBy("default", "uid-db").Select(p => p.Metadata.Name));
    }

    [Fact]
    public void Claim_candidates_are_the_children_referencing_the_controller_and_the_orphans_of_its_namespace_each_once()
    {
        var store = Store(
            Objects.Pod("web-1", owners: Objects.Owner("apps/v1", "Deployment", "web")),
            Objects.Pod("referencing-orphan", owners: Objects.Owner("apps/v1", "Deployment", "web", controller: false)),
            Objects.Pod("stray"),
            Objects.Pod("db-1", owners: Objects.Owner("apps/v1", "Deployment", "db")),
            Objects.Pod("other-stray", "elsewhere"));

        Assert.Equal(["referencing-orphan", "stray", "web-1"], store.ClaimCandidates(Web).Select(p => p.Metadata.Name).Order());
    }

    /// <summary>
    /// Claiming only the candidates decides as claiming the whole namespace: whatever the owners, every object of the
    /// namespace the claim would act on (controlled by the controller, or by nobody) is a candidate, once, and no
    /// candidate lies outside the namespace.
    /// </summary>
    [Property(MaxTest = 200)]
    public Property Claim_candidates_hold_every_child_the_claim_acts_on(int[] script)
    {
        var writer = new StoreWriter<V1Pod>(new StoreOptions<V1Pod>());
        writer.Apply(WatcherEvent<V1Pod>.Init);
        writer.Apply(WatcherEvent<V1Pod>.InitDone);
        var version = 0;
        foreach (var step in script.Select(Math.Abs))
        {
            // Names repeat, so later steps re-own earlier pods: the indexes must follow.
            var pod = Objects.Pod($"pod-{step % 8}", step / 8 % 2 == 0 ? "default" : "elsewhere", (++version).ToString(System.Globalization.CultureInfo.InvariantCulture), Owners(step / 16));
            writer.Apply(WatcherEvent<V1Pod>.Apply(pod));
        }

        var store = writer.Store;
        var candidates = store.ClaimCandidates(Web).Select(p => p.Metadata.Name).ToList();
        var actedOn = store.InNamespace("default")
            .Where(p => OwnerReferences.GetControllerOf(p) is null || OwnerReferences.IsControlledBy(p, Web))
            .Select(p => p.Metadata.Name)
            .ToHashSet();
        var controlled = store.InNamespace("default").Where(p => OwnerReferences.IsControlledBy(p, Web)).Select(p => p.Metadata.Name).Order();
        return (candidates.Count == candidates.Distinct().Count()
                && candidates.All(name => store.Get("default", name) is not null)
                && actedOn.IsSubsetOf(candidates)
                && store.ControlledBy("default", "uid-web").Select(p => p.Metadata.Name).Order().SequenceEqual(controlled))
            .Label($"candidates={string.Join(",", candidates)} actedOn={string.Join(",", actedOn)}");

        static V1OwnerReference[] Owners(int code)
        {
            var owners = new List<V1OwnerReference>();
            switch (code % 4)
            {
                case 1:
                    owners.Add(Objects.Owner("apps/v1", "Deployment", "web"));
                    break;
                case 2:
                    owners.Add(Objects.Owner("apps/v1", "Deployment", "web", controller: false));
                    break;
                case 3:
                    owners.Add(Objects.Owner("apps/v1", "Deployment", "db"));
                    break;
            }

            if (code / 4 % 2 == 1)
            {
                owners.Add(Objects.Owner("v1", "ConfigMap", "settings", controller: false));
            }

            return [.. owners];
        }
    }

    private static Store<V1Pod> Store(params V1Pod[] pods)
    {
        var writer = new StoreWriter<V1Pod>(new StoreOptions<V1Pod>());
        writer.Apply(WatcherEvent<V1Pod>.Init);
        foreach (var pod in pods)
        {
            writer.Apply(WatcherEvent<V1Pod>.InitApply(pod));
        }

        writer.Apply(WatcherEvent<V1Pod>.InitDone);
        return writer.Store;
    }
}
