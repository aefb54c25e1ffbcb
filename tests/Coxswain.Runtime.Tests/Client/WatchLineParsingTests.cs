using Coxswain.Runtime.Client;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Client;

public class WatchLineParsingTests
{
    [Fact]
    public void Parses_an_object_event_into_the_official_model()
    {
        var watchEvent = KubernetesListWatchClient<V1Pod>.ParseEvent(
            """{"type":"MODIFIED","object":{"kind":"Pod","apiVersion":"v1","metadata":{"name":"web","namespace":"default","resourceVersion":"42"},"spec":{"containers":[{"name":"c","image":"nginx"}]}}}""");

        Assert.Equal(WatchEventType.Modified, watchEvent.Type);
        Assert.Equal("42", watchEvent.Object!.Metadata.ResourceVersion);
        Assert.Equal("nginx", watchEvent.Object.Spec.Containers[0].Image);
    }

    [Fact]
    public void Parses_a_bookmark()
    {
        var watchEvent = KubernetesListWatchClient<V1Pod>.ParseEvent(
            """{"type":"BOOKMARK","object":{"kind":"Pod","apiVersion":"v1","metadata":{"resourceVersion":"12746","creationTimestamp":null,"annotations":{"k8s.io/initial-events-end":"true"}},"spec":{"containers":null},"status":{}}}""");

        Assert.Equal(WatchEventType.Bookmark, watchEvent.Type);
        Assert.Equal("true", watchEvent.Object!.Metadata.Annotations["k8s.io/initial-events-end"]);
    }

    [Fact]
    public void Parses_an_error_event_into_a_status()
    {
        var watchEvent = KubernetesListWatchClient<V1Pod>.ParseEvent(
            """{"type":"ERROR","object":{"kind":"Status","apiVersion":"v1","metadata":{},"status":"Failure","message":"too old resource version: 100 (200)","reason":"Expired","code":410}}""");

        Assert.Equal(WatchEventType.Error, watchEvent.Type);
        Assert.Null(watchEvent.Object);
        var error = KubernetesApiException.FromStatus(watchEvent.Status);
        Assert.True(error.IsResourceExpired);
        Assert.Equal("410 Expired: too old resource version: 100 (200)", error.Message);
    }

    [Fact]
    public void Metadata_only_objects_keep_just_the_metadata()
    {
        var watchEvent = KubernetesListWatchClient<PartialObjectMetadata>.ParseEvent(
            """{"type":"ADDED","object":{"kind":"PartialObjectMetadata","apiVersion":"meta.k8s.io/v1","metadata":{"name":"web","namespace":"default","labels":{"app":"web"}}}}""");

        Assert.Equal("web", watchEvent.Object!.Metadata.Labels["app"]);
        Assert.Equal("PartialObjectMetadata", watchEvent.Object.Kind);
    }
}
