using Coxswain.Runtime.Client;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Support;

/// <summary>Shorthands for scripted watch events.</summary>
internal static class WatchEvents
{
    public static WatchEvent<T> Added<T>(T obj) => new(WatchEventType.Added, obj);

    public static WatchEvent<T> Modified<T>(T obj) => new(WatchEventType.Modified, obj);

    public static WatchEvent<T> Deleted<T>(T obj) => new(WatchEventType.Deleted, obj);

    public static WatchEvent<V1ConfigMap> Bookmark(string resourceVersion, bool initialEventsEnd = false) => new(
        WatchEventType.Bookmark,
        new V1ConfigMap
        {
            Kind = "ConfigMap",
            ApiVersion = "v1",
            Metadata = new V1ObjectMeta
            {
                ResourceVersion = resourceVersion,
                Annotations = initialEventsEnd ? new Dictionary<string, string> { ["k8s.io/initial-events-end"] = "true" } : null,
            },
        });

    public static WatchEvent<T> Expired<T>() => new(
        WatchEventType.Error,
        default,
        new V1Status { Code = 410, Reason = "Expired", Message = "too old resource version: 1 (5)", Status = "Failure" });

    public static KubernetesApiException HttpError(int code, string reason, string message = "") =>
        new((System.Net.HttpStatusCode)code, new V1Status { Code = code, Reason = reason, Message = message, Status = "Failure" });
}
