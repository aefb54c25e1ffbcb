using Coxswain.Runtime.Events.Correlation;
using k8s.Models;
using Microsoft.Extensions.Time.Testing;

namespace Coxswain.Runtime.Tests.Events;

/// <summary>client-go's tools/record correlation: aggregation of similar messages, counting of repeats, spam limit.</summary>
public sealed class EventCorrelatorTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 29, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public void An_exact_repeat_is_written_as_a_count_patch_of_the_first_event()
    {
        var correlator = new EventCorrelator(new EventCorrelatorOptions(), _time);

        var first = correlator.Correlate(Event("web", "SuccessfulCreate", "succeed to create pod web-abcde"))!;
        correlator.Written(first, Stored(first.Event));
        _time.Advance(TimeSpan.FromSeconds(3));
        var second = correlator.Correlate(Event("web", "SuccessfulCreate", "succeed to create pod web-abcde"))!;

        Assert.False(first.Repeat);
        Assert.True(second.Repeat);
        Assert.Equal((first.Event.Metadata.Name, 2), (second.Event.Metadata.Name, second.Event.Count));
        Assert.Equal(first.Event.FirstTimestamp, second.Event.FirstTimestamp);
    }

    [Fact]
    public void The_tenth_distinct_message_of_a_reason_is_combined_and_later_ones_count_in_it()
    {
        var correlator = new EventCorrelator(new EventCorrelatorOptions(), _time);

        var written = Enumerable.Range(0, 12).Select(i =>
        {
            var correlated = correlator.Correlate(Event("web", "SuccessfulCreate", $"succeed to create pod web-{i}"))!;
            correlator.Written(correlated, Stored(correlated.Event));
            return correlated;
        }).ToList();

        Assert.All(written.Take(9), c => Assert.False(c.Event.Message.StartsWith("(combined", StringComparison.Ordinal)));
        Assert.Equal("(combined from similar events): succeed to create pod web-9", written[9].Event.Message);
        Assert.False(written[9].Repeat);
        Assert.Equal(("(combined from similar events): succeed to create pod web-11", 3, written[9].Event.Metadata.Name),
            (written[11].Event.Message, written[11].Event.Count, written[11].Event.Metadata.Name));
    }

    [Fact]
    public void A_source_writes_a_burst_of_25_events_about_one_object_then_one_every_five_minutes()
    {
        var correlator = new EventCorrelator(new EventCorrelatorOptions(), _time);
        int Accepted(string name, int count) => Enumerable.Range(0, count)
            .Count(i => correlator.Correlate(Event(name, $"Reason{i % 3}", $"message {i}")) is not null);

        Assert.Equal(25, Accepted("web", 100));
        Assert.Equal(25, Accepted("api", 30));
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.Equal(1, Accepted("web", 10));
    }

    private static Corev1Event Event(string objectName, string reason, string message) => new()
    {
        Metadata = new V1ObjectMeta { Name = $"{objectName}.{Guid.NewGuid():N}", NamespaceProperty = "default" },
        InvolvedObject = new V1ObjectReference { ApiVersion = "apps.kruise.io/v1alpha1", Kind = "CloneSet", Name = objectName, NamespaceProperty = "default", Uid = objectName + "-uid" },
        Reason = reason,
        Message = message,
        Type = "Normal",
        Source = new V1EventSource { Component = "cloneset-controller" },
        Count = 1,
        FirstTimestamp = DateTime.UtcNow,
        LastTimestamp = DateTime.UtcNow,
    };

    private static Corev1Event Stored(Corev1Event written) => new()
    {
        Metadata = new V1ObjectMeta { Name = written.Metadata.Name, NamespaceProperty = "default", ResourceVersion = "1" },
        Count = written.Count,
        FirstTimestamp = written.FirstTimestamp,
    };
}
