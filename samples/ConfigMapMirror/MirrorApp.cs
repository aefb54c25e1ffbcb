using Coxswain.Runtime.Hosting;
using Coxswain.Runtime.Watchers;
using k8s.Models;
using Microsoft.Extensions.Hosting;

namespace ConfigMapMirror;

/// <summary>Registers the mirror controller: ConfigMaps labelled <c>mirror.coxswain.io/enabled=true</c> get a mirror.</summary>
public static class MirrorApp
{
    public const string EnabledLabel = "mirror.coxswain.io/enabled";
    public const string SourceLabel = "mirror.coxswain.io/source";

    /// <summary>The watch of the mirrors, shared by the controller's relation and the reconciler's reads.</summary>
    public static readonly WatcherOptions Mirrors = new() { LabelSelector = SourceLabel };

    public static HostApplicationBuilder AddConfigMapMirror(this HostApplicationBuilder builder)
    {
        builder.Services.AddCoxswainManager(builder.Configuration)
            .AddController<V1ConfigMap, MirrorReconciler>(controller => controller
                .Named("configmap-mirror")
                .WithWatcherOptions(new WatcherOptions { LabelSelector = $"{EnabledLabel}=true" })
                .Owns<V1ConfigMap>(watcherOptions: Mirrors));
        return builder;
    }
}
