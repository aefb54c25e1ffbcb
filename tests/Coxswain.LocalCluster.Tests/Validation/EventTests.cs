using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using static Coxswain.LocalCluster.Tests.Validation.ValidationAssert;

namespace Coxswain.LocalCluster.Tests.Validation;

public class EventTests
{
    static JsonObject CoreEvent(string fields) =>
        ParseJson("""{"apiVersion":"v1","kind":"Event","metadata":{"name":"web.1","namespace":"default"}FIELDS}""".Replace("FIELDS", fields));

    static JsonObject EventsV1(string fields) =>
        ParseJson("""{"apiVersion":"events.k8s.io/v1","kind":"Event","metadata":{"name":"web.1","namespace":"default"}FIELDS}""".Replace("FIELDS", fields));

    const string ValidV1 = ""","eventTime":"2026-01-01T00:00:00.000000Z","reportingController":"example.com/ctl","reportingInstance":"ctl-1","action":"Sync","reason":"Synced","type":"Normal","regarding":{"kind":"Pod","namespace":"default","name":"web"}""";

    [Fact]
    public void LegacyCoreEventsOnlyNeedMatchingNamespaces()
    {
        CreateSucceeds(BuiltInResources.CoreEvents, CoreEvent(""","involvedObject":{"kind":"Pod","namespace":"default","name":"web"},"reason":"Started" """));
        CreateFailsWith(BuiltInResources.CoreEvents, CoreEvent(""","involvedObject":{"kind":"Pod","namespace":"other","name":"web"}"""),
            "involvedObject.namespace: Invalid value: \"other\": does not match event.namespace");
    }

    [Fact]
    public void CoreEventsWithEventTimeMustNameTheirReporter() =>
        Assert.Equal(
        [
            "reportingController: Required value",
            "reportingController: Invalid value: \"\": name part must be non-empty",
            "reportingController: Invalid value: \"\": " + QualifiedNamePartMessage,
            "reportingInstance: Required value",
            "action: Required value",
            "reason: Required value",
        ], Create(BuiltInResources.CoreEvents, CoreEvent(""","eventTime":"2026-01-01T00:00:00.000000Z","involvedObject":{"namespace":"default"}""")));

    [Fact]
    public void EventsV1AcceptsACompleteEvent() => CreateSucceeds(BuiltInResources.EventsV1, EventsV1(ValidV1));

    [Theory]
    [InlineData("eventTime", "eventTime: Required value")]
    [InlineData("type", "type: Invalid value: \"\": has invalid value: ")]
    public void EventsV1RequiresEventTimeAndType(string missing, string expected)
    {
        var e = EventsV1(ValidV1);
        e.Remove(missing);
        Assert.Contains(expected, Create(BuiltInResources.EventsV1, e));
    }

    [Fact]
    public void EventsV1RejectsDeprecatedFields()
    {
        var e = EventsV1(ValidV1 + ""","deprecatedCount":3,"deprecatedSource":{"component":"kubelet"}""");
        Assert.Equal(["count: Invalid value: \"\": needs to be unset", "source: Invalid value: \"\": needs to be unset"], Create(BuiltInResources.EventsV1, e));
    }

    [Fact]
    public void EventsV1SeriesNeedACountOfTwo()
    {
        var e = EventsV1(ValidV1 + ""","series":{"count":1}""");
        Assert.Equal(["series.count: Invalid value: \"\": should be at least 2", "series.lastObservedTime: Required value"],
            Create(BuiltInResources.EventsV1, e));
    }

    [Fact]
    public void EventsV1NotesAreImmutable()
    {
        var old = Stored(BuiltInResources.EventsV1, EventsV1(ValidV1 + ""","note":"first" """));
        var updated = Edited(old, e => e["note"] = "second");
        Assert.Equal(["message: Invalid value: \"second\": field is immutable"], Update(BuiltInResources.EventsV1, updated, old));
    }
}
