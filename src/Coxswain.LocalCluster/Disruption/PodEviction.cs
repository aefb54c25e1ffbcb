using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Admission;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Controllers;
using Coxswain.LocalCluster.Selectors;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Disruption;

/// <summary>
/// What <c>POST …/pods/{name}/eviction</c> does (kube-apiserver's EvictionREST): a pod that is not running (pending,
/// finished or already terminating) is simply deleted; otherwise the one PodDisruptionBudget selecting it must allow a
/// disruption, which the eviction takes (decrementing <c>disruptionsAllowed</c> and recording the pod in
/// <c>disruptedPods</c>) before deleting the pod gracefully with the Eviction's deleteOptions. Every deletion first marks
/// the pod with the DisruptionTarget condition (EvictionByEvictionAPI).
/// </summary>
public sealed class PodEviction(ResourceStorage storage, TimeProvider? time = null)
{
    static readonly ResourceDefinition Pods = BuiltInResources.Pods;
    static readonly ResourceDefinition Budgets = BuiltInResources.PodDisruptionBudgets;
    /// <summary>EvictionsRetry: 20 attempts at conflicts before giving up.</summary>
    const int Attempts = 20;
    /// <summary>MaxDisruptedPodSize: more unconfirmed evictions than this and the budget refuses new ones.</summary>
    const int MaxDisruptedPods = 2000;
    const string ViolationMessage = "Cannot evict pod as it would violate the pod's disruption budget.";

    readonly TimeProvider time = time ?? TimeProvider.System;

    static readonly GroupVersionKindRef EvictionKind = new("policy", "v1", "Eviction");

    /// <summary>
    /// Admission of the Eviction itself (a CREATE of pods/eviction, what PodDisruptionBudget-like webhooks such as
    /// OpenKruise's PodUnavailableBudget intercept): mutating webhooks first, then validating ones on the result.
    /// </summary>
    public async Task<JsonObject> AdmitAsync(string ns, JsonObject eviction, bool dryRun, Action<string>? warn)
    {
        var attributes = AdmissionAttributes.ForCreate(Pods, ns, eviction, new WriteOptions(dryRun) { Subresource = "eviction", Warn = warn })
            with { ObjectKind = EvictionKind };
        var admitted = await storage.Admission.AdmitAsync(attributes).ConfigureAwait(false) ?? eviction;
        await storage.Admission.ValidateAsync(attributes with { Object = admitted }).ConfigureAwait(false);
        return admitted;
    }

    /// <summary>
    /// Evicts the pod; returns normally when it was deleted (or, in a dry run, would have been). Refusals are StatusErrors:
    /// 429 when the budget allows no disruption now, 404 when the pod does not exist, 500 when several budgets select it.
    /// </summary>
    public async Task EvictAsync(string ns, string name, DeleteOptions options)
    {
        var userResourceVersion = !string.IsNullOrEmpty(options.PreconditionResourceVersion);
        JsonObject pod = null!;
        for (var attempt = 1; ; attempt++)
        {
            pod = storage.Get(Pods, ns, name).ToJsonObject();
            if (!CanIgnoreBudget(pod)) break;
            var deleteOptions = options;
            // A pending pod could become ready meanwhile and start counting against a budget: delete exactly this version.
            if (ShouldEnforceResourceVersion(pod) && !userResourceVersion)
                deleteOptions = options with { PreconditionResourceVersion = ResourceVersion(pod) };
            try
            {
                await MarkAndDeleteAsync(ns, name, deleteOptions).ConfigureAwait(false);
                return;
            }
            catch (StatusError e) when (e.Code == 409 && e.Reason == "Conflict" && !userResourceVersion && attempt < Attempts)
            {
            }
        }

        var budgets = BudgetsSelecting(pod);
        if (budgets.Count > 1)
            throw new StatusError(500, "", "This pod has more than one PodDisruptionBudget, which the eviction subresource does not support.");
        string? budgetName = null;
        var pinPodVersion = false;
        if (budgets.Count == 1)
        {
            var budget = budgets[0];
            budgetName = budget.Obj("metadata").StrOrEmpty("name");
            if (!PodConditions.IsTrue(pod.Obj("status"), "Ready") && UnhealthyPodMayGo(budget))
                pinPodVersion = true; // an unready pod leaves without taking a disruption, if it is still unready when deleted
            else
                await TakeDisruptionAsync(ns, name, budgetName, options.DryRun).ConfigureAwait(false);
        }

        var finalOptions = pinPodVersion ? options with { PreconditionResourceVersion = ResourceVersion(pod) } : options;
        try
        {
            await MarkAndDeleteAsync(ns, name, finalOptions).ConfigureAwait(false);
        }
        catch (StatusError e) when (e.Code == 409 && pinPodVersion && !userResourceVersion)
        {
            // The pod changed (it may have become ready): the client should try again.
            throw StillProcessing(budgetName!);
        }
    }

    /// <summary>
    /// Whether an unready pod may be evicted without taking a disruption: always with the AlwaysAllow policy, and with
    /// IfHealthyBudget (the default) while the application is healthy enough anyway.
    /// </summary>
    static bool UnhealthyPodMayGo(JsonObject budget)
    {
        if (budget.Obj("spec").Str("unhealthyPodEvictionPolicy") == "AlwaysAllow") return true;
        var status = budget.Obj("status");
        var desired = status.Long("desiredHealthy") ?? 0;
        return (status.Long("currentHealthy") ?? 0) >= desired && desired > 0;
    }

    /// <summary>checkAndDecrement, retried on conflicts against the budget's latest version.</summary>
    async Task TakeDisruptionAsync(string ns, string podName, string budgetName, bool dryRun)
    {
        for (var attempt = 1; attempt <= Attempts; attempt++)
        {
            var current = storage.Get(Budgets, ns, budgetName);
            var budget = current.ToJsonObject();
            var status = budget.Obj("status")?.DeepClone().AsObject() ?? new JsonObject();
            if ((status.Long("observedGeneration") ?? 0) < (budget.Obj("metadata").Long("generation") ?? 0)) throw StillProcessing(budgetName);
            var allowed = status.Long("disruptionsAllowed") ?? 0;
            if (allowed < 0) throw BudgetForbidden(budgetName, "pdb disruptions allowed is negative");
            if (status.Obj("disruptedPods")?.Count > MaxDisruptedPods)
                throw BudgetForbidden(budgetName, "DisruptedPods map too big - too many evictions not confirmed by PDB controller");
            if (allowed == 0)
                throw TooManyRequests(
                    $"The disruption budget {budgetName} needs {status.Long("desiredHealthy") ?? 0} healthy pods and has {status.Long("currentHealthy") ?? 0} currently",
                    retryAfterSeconds: 0);

            var now = time.GetUtcNow();
            status["disruptionsAllowed"] = allowed - 1;
            if (allowed - 1 == 0) DisruptionBudgetCalculator.UpdateDisruptionAllowedCondition(status, now);
            if (dryRun) return;
            // The disruption controller must not count this pod as available while its deletion is under way.
            var disrupted = status["disruptedPods"] as JsonObject ?? new JsonObject();
            disrupted[podName] = KubeTime.Format(now);
            status["disruptedPods"] = disrupted;
            try
            {
                await storage.GuaranteedUpdateAsync(Budgets, ns, budgetName, current.Revision.ToString(), new WriteOptions(), b =>
                {
                    b["status"] = status;
                    return b;
                }, subresource: "status").ConfigureAwait(false);
                return;
            }
            catch (StatusError e) when (e.Code == 409)
            {
            }
        }
        throw new StatusError(504, "Timeout", $"Timeout: couldn't update PodDisruptionBudget {GoQuoting.Quote(budgetName)} due to conflicts",
            new JsonObject { ["retryAfterSeconds"] = 10 }) { RetryAfterSeconds = 10 };
    }

    /// <summary>addConditionAndDeletePod: DisruptionTarget=True first (not in a dry run), then the delete with the request's options.</summary>
    async Task MarkAndDeleteAsync(string ns, string name, DeleteOptions options)
    {
        if (!options.DryRun)
        {
            var now = time.GetUtcNow();
            var marked = await storage.GuaranteedUpdateAsync(Pods, ns, name, null, new WriteOptions(), current =>
            {
                CheckPreconditions(current, name, options);
                PodConditions.Set(current.GetOrAddObject("status"), "DisruptionTarget", "True", "EvictionByEvictionAPI", "Eviction API: evicting", now);
                return current;
            }, subresource: "status").ConfigureAwait(false);
            // The condition is this eviction's own change: the caller's resourceVersion precondition moves past it.
            if (!string.IsNullOrEmpty(options.PreconditionResourceVersion))
                options = options with { PreconditionResourceVersion = marked.Revision.ToString() };
        }
        await storage.DeleteAsync(Pods, ns, name, options).ConfigureAwait(false);
    }

    /// <summary>The preconditions checked against the latest pod before marking it; upstream names the resource "Pod" here.</summary>
    static void CheckPreconditions(JsonObject pod, string name, DeleteOptions options)
    {
        var meta = pod.Obj("metadata");
        if (options.PreconditionUid is { Length: > 0 } uid && uid != meta.StrOrEmpty("uid"))
            throw PodConflict(name, $"the UID in the precondition ({uid}) does not match the UID in record ({meta.StrOrEmpty("uid")}). " +
                                    "The object might have been deleted and then recreated");
        if (options.PreconditionResourceVersion is { Length: > 0 } rv && rv != meta.StrOrEmpty("resourceVersion"))
            throw PodConflict(name, $"the ResourceVersion in the precondition ({rv}) does not match the ResourceVersion in record " +
                                    $"({meta.StrOrEmpty("resourceVersion")}). The object might have been modified");
    }

    static StatusError PodConflict(string name, string detail) =>
        new(409, "Conflict", $"Operation cannot be fulfilled on Pod \"{name}\": {detail}", new JsonObject { ["name"] = name, ["kind"] = "Pod" });

    /// <summary>The budgets of the pod's namespace whose selector matches it; a budget with an unusable selector matches nothing.</summary>
    List<JsonObject> BudgetsSelecting(JsonObject pod)
    {
        var meta = pod.Obj("metadata");
        var ns = meta.StrOrEmpty("namespace");
        var labels = meta.Obj("labels");
        var result = new List<JsonObject>();
        foreach (var stored in storage.Store.Current.Bucket(Budgets.GroupResource).Values.Where(b => b.Attributes.Namespace == ns)
                     .OrderBy(b => b.Attributes.Name, StringComparer.Ordinal))
        {
            var budget = stored.ToJsonObject();
            LabelSelector selector;
            try { selector = LabelSelector.FromLabelSelectorJson(budget.Obj("spec").Obj("selector")); }
            catch (InvalidLabelSelectorException) { continue; }
            if (selector.MatchesLabels(labels)) result.Add(budget);
        }
        return result;
    }

    /// <summary>canIgnorePDB: pods that are not running disrupt nothing by leaving.</summary>
    static bool CanIgnoreBudget(JsonObject pod) =>
        pod.Obj("status").Str("phase") is "Succeeded" or "Failed" or "Pending" || pod.Obj("metadata").Has("deletionTimestamp");

    static bool ShouldEnforceResourceVersion(JsonObject pod) =>
        pod.Obj("status").Str("phase") is not ("Succeeded" or "Failed") && !pod.Obj("metadata").Has("deletionTimestamp");

    static string ResourceVersion(JsonObject obj) => obj.Obj("metadata").StrOrEmpty("resourceVersion");

    /// <summary>createTooManyRequestsError: the budget's status is older than its spec.</summary>
    static StatusError StillProcessing(string budgetName) =>
        TooManyRequests($"The disruption budget {budgetName} is still being processed by the server.", retryAfterSeconds: 10);

    /// <summary>Upstream forbids in the name of the singular "poddisruptionbudget" resource.</summary>
    static StatusError BudgetForbidden(string budgetName, string detail) =>
        new(403, "Forbidden", $"poddisruptionbudget.policy {GoQuoting.Quote(budgetName)} is forbidden: {detail}",
            new JsonObject { ["name"] = budgetName, ["group"] = "policy", ["kind"] = "poddisruptionbudget" });

    static StatusError TooManyRequests(string cause, int retryAfterSeconds)
    {
        var details = new JsonObject { ["causes"] = new JsonArray(new JsonObject { ["reason"] = "DisruptionBudget", ["message"] = cause }) };
        if (retryAfterSeconds > 0) details["retryAfterSeconds"] = retryAfterSeconds;
        return new StatusError(429, "TooManyRequests", ViolationMessage, details) { RetryAfterSeconds = retryAfterSeconds > 0 ? retryAfterSeconds : null };
    }
}
