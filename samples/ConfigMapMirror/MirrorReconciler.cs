using Coxswain.Runtime.Client;
using Coxswain.Runtime.Controllers;
using Coxswain.Runtime.Events;
using Coxswain.Runtime.Finalizers;
using Coxswain.Runtime.Informers;
using Coxswain.Runtime.Patching;
using Coxswain.Runtime.Relations;
using k8s.Models;
using Prometheus;

namespace ConfigMapMirror;

/// <summary>
/// Keeps <c>&lt;name&gt;-mirror</c> equal to each opted-in ConfigMap: created owned by it, updated when it changes,
/// deleted behind a finalizer when it is deleted. Every write is announced as an Event and counted.
/// </summary>
public sealed class MirrorReconciler(ResourceClient<V1ConfigMap> configMaps, SharedInformerFactory informers, EventBroadcaster events)
    : IObjectReconciler<V1ConfigMap>
{
    private static readonly Counter Writes = Metrics.CreateCounter("configmap_mirror_writes_total", "Mirror writes by action.", "action");
    private static readonly PatchOptions AsMirror = new() { FieldManager = "configmap-mirror" };
    private readonly EventRecorder _events = events.NewRecorder("coxswain.io/configmap-mirror");

    public Task<ReconcileResult> ReconcileAsync(V1ConfigMap source, CancellationToken ct) =>
        Finalizer.RunAsync(configMaps, source, "mirror.coxswain.io/cleanup", ApplyAsync, CleanupAsync, ct);

    private async Task<ReconcileResult> ApplyAsync(V1ConfigMap source, CancellationToken ct)
    {
        var (ns, name) = (source.Metadata.NamespaceProperty, MirrorOf(source));
        var mirror = informers.Get<V1ConfigMap>(watcherOptions: MirrorApp.Mirrors).Store.Get(ns, name);
        if (mirror is null)
        {
            var created = new V1ConfigMap { Metadata = new() { Name = name, NamespaceProperty = ns }, Data = source.Data };
            created.Metadata.Labels = new Dictionary<string, string> { [MirrorApp.SourceLabel] = source.Metadata.Name };
            OwnerReferences.SetControllerReference(source, created);
            await configMaps.CreateAsync(created, AsMirror, ct);
            Announce(source, "Created", $"Created {name}");
        }
        else if (Patches.MergeFrom(mirror, m => m.Data = source.Data) is var patch && !Patches.IsEmpty(patch))
        {
            await configMaps.PatchAsync(ns, name, patch, AsMirror, ct);
            Announce(source, "Updated", $"Updated {name}");
        }

        return ReconcileResult.Done;
    }

    private async Task<ReconcileResult> CleanupAsync(V1ConfigMap source, CancellationToken ct)
    {
        if (await configMaps.DeleteAsync(source.Metadata.NamespaceProperty, MirrorOf(source), cancellationToken: ct))
        {
            Announce(source, "Deleted", $"Deleted {MirrorOf(source)}");
        }

        return ReconcileResult.Done;
    }

    private static string MirrorOf(V1ConfigMap source) => $"{source.Metadata.Name}-mirror";

    private void Announce(V1ConfigMap source, string reason, string note)
    {
        _events.Normal(source, reason, "Mirror", note);
        Writes.WithLabels(reason.ToLowerInvariant()).Inc();
    }
}
