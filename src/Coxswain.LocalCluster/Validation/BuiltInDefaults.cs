using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation;

/// <summary>
/// Entry points for the mutations kube-apiserver makes to a written object before validating it. Both mutate the
/// object in place. Server-owned metadata (uid, resourceVersion, creationTimestamp, generateName expansion, generation
/// bumps on spec changes, managedFields) is left to the server.
/// </summary>
public static class BuiltInDefaults
{
    /// <summary>Defaults, then create-time preparation (status reset, computed fields, default admission mutations).</summary>
    public static void ApplyOnCreate(ResourceDefinition resource, JsonObject obj)
    {
        var strategy = BuiltInStrategies.For(resource);
        strategy.ApplyDefaults(obj);
        strategy.PrepareForCreate(obj);
    }

    /// <summary>Defaults, then update-time preparation (e.g. status and other subresource-owned fields taken from <paramref name="oldObj"/>).</summary>
    public static void ApplyOnUpdate(ResourceDefinition resource, JsonObject newObj, JsonObject oldObj)
    {
        var strategy = BuiltInStrategies.For(resource);
        strategy.ApplyDefaults(newObj);
        strategy.PrepareForUpdate(newObj, oldObj);
    }
}
