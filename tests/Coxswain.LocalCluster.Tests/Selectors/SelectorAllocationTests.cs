using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Selectors;

namespace Coxswain.LocalCluster.Tests.Selectors;

/// <summary>Lists run selectors over every stored object, so matching must not allocate per object.</summary>
public class SelectorAllocationTests
{
    static List<JsonObject> StoredPods(int count) => Enumerable.Range(0, count).Select(i =>
    {
        var tier = i % 3 == 0 ? "a" : "c";
        var hostNetwork = i % 2 == 0 ? "true" : "false";
        var phase = i % 5 == 0 ? "Failed" : "Running";
        return JsonNode.Parse($$$"""
            {"metadata":{"name":"web-{{{i}}}","namespace":"shop","labels":{"app":"web","tier":"{{{tier}}}","rank":"{{{i}}}"}},
             "spec":{"nodeName":"node-{{{i % 4}}}","hostNetwork":{{{hostNetwork}}}},
             "status":{"phase":"{{{phase}}}","podIPs":[{"ip":"10.0.0.{{{i % 250}}}"}]}}
            """)!.AsObject();
    }).ToList();

    [Fact]
    public void Matching_parsed_objects_does_not_allocate()
    {
        var pods = StoredPods(2000);
        var labels = LabelSelector.Parse("app=web,tier in (a,b),!legacy,rank>10");
        var fields = SelectableFields.For(BuiltInResources.Pods)
            .CreateMatcher(FieldSelector.Parse("spec.nodeName=node-0,status.phase!=Failed,spec.hostNetwork=true,status.podIP!=1.2.3.4"));

        int Count() => pods.Count(p => labels.MatchesObject(p) && fields(p));
        int expected = Count(); // the first pass materializes the JSON nodes, which any reader of the objects would do

        long before = GC.GetAllocatedBytesForCurrentThread();
        int matched = 0;
        foreach (var pod in pods)
            if (labels.MatchesObject(pod) && fields(pod)) matched++;
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(expected, matched);
        Assert.True(matched > 0);
        Assert.Equal(0, allocated);
    }
}
