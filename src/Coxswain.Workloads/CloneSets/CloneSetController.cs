using Coxswain.Apis.Apps.V1Alpha1;
using Coxswain.Runtime.Controllers;
using Coxswain.Runtime.Hosting;
using Coxswain.Runtime.Informers;
using k8s.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Coxswain.Workloads.CloneSets;

/// <summary>The CloneSet controller's wiring: what it watches and how it is registered with the manager.</summary>
public static class CloneSetController
{
    /// <summary>Controller name (metrics, logs), as OpenKruise's.</summary>
    public const string Name = "cloneset";

    /// <summary>
    /// Reconciles CloneSets on their own changes and on changes of the pods, ControllerRevisions and PVCs they own; pod
    /// creations and deletions lower the scale expectations before the CloneSet is queued.
    /// </summary>
    public static ControllerBuilder<CloneSet> Configure(ControllerBuilder<CloneSet> builder, CloneSetExpectations expectations) =>
        builder.Named(Name)
            .Owns<V1Pod>(expectations: expectations.Scale)
            .Owns<V1ControllerRevision>()
            .Owns<V1PersistentVolumeClaim>();

    /// <summary>A runnable controller outside the Generic Host (tests, embedding).</summary>
    public static Controller Build(SharedInformerFactory informers, CloneSetReconciler reconciler, CloneSetExpectations expectations, Action<ControllerOptions>? options = null)
    {
        var builder = Configure(ControllerBuilder.For<CloneSet>(informers), expectations);
        if (options is not null) builder.WithOptions(options);
        return builder.BuildForObject(reconciler.ReconcileAsync);
    }

    /// <summary>Registers the controller (and its expectations) with a manager.</summary>
    public static CoxswainManagerBuilder AddCloneSetController(this CoxswainManagerBuilder manager, Action<ControllerOptions>? options = null)
    {
        manager.Services.TryAddSingleton<CloneSetExpectations>();
        manager.Services.TryAddSingleton<CloneSetReconciler>();
        return manager.AddController((services, defaults) =>
        {
            var builder = ControllerBuilder.For<CloneSet>(defaults.Informers).WithOptions(defaults.ApplyDefaults);
            Configure(builder, services.GetRequiredService<CloneSetExpectations>());
            if (options is not null) builder.WithOptions(options);
            return builder.BuildForObject(services.GetRequiredService<CloneSetReconciler>().ReconcileAsync);
        });
    }
}
