using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Http;

/// <summary>
/// metav1.DeleteOptions as wire JSON: the body of a DELETE, or the <c>deleteOptions</c> an Eviction carries. Values in
/// the body win over the query's; an unknown propagationPolicy is the 422 kube-apiserver answers.
/// </summary>
public static class DeleteOptionsDecoder
{
    /// <param name="options">The DeleteOptions object, or null when none was sent.</param>
    /// <param name="query">What the request's query already set (gracePeriodSeconds, propagationPolicy, dryRun).</param>
    /// <exception cref="InvalidOperationException">A field has the wrong JSON type (callers answer 400).</exception>
    public static DeleteOptions Decode(JsonObject? options, DeleteOptions query)
    {
        var result = query;
        if (options is not null)
        {
            result = result with
            {
                GracePeriodSeconds = (long?)options["gracePeriodSeconds"] ?? query.GracePeriodSeconds,
                PropagationPolicy = (string?)options["propagationPolicy"] ?? query.PropagationPolicy,
                PreconditionUid = (string?)options["preconditions"]?["uid"],
                PreconditionResourceVersion = (string?)options["preconditions"]?["resourceVersion"],
                DryRun = options["dryRun"] is JsonArray { Count: > 0 } || query.DryRun,
            };
            if ((bool?)options["orphanDependents"] == true) result = result with { PropagationPolicy = result.PropagationPolicy ?? "Orphan" };
        }
        if (result.PropagationPolicy is not (null or "Orphan" or "Background" or "Foreground"))
            throw StatusError.Invalid("DeleteOptions.meta.k8s.io", "meta.k8s.io", "DeleteOptions", "",
                [Validation.FieldError.NotSupported("propagationPolicy", result.PropagationPolicy, ["Foreground", "Background", "Orphan", "nil"])]);
        return result;
    }
}
