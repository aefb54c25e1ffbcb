using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Client;

/// <summary>One event of a watch stream, as sent by the API server.</summary>
/// <param name="Type">ADDED, MODIFIED, DELETED, BOOKMARK or ERROR.</param>
/// <param name="Object">The object (for a bookmark only its kind and <c>metadata.resourceVersion</c>); null for ERROR.</param>
/// <param name="Status">For ERROR, the Status the server sent (e.g. 410 Expired).</param>
public sealed record WatchEvent<T>(WatchEventType Type, T? Object, V1Status? Status = null);
