namespace Coxswain.LocalCluster.Admission;

/// <summary>
/// reinvocationPolicy IfNeeded bookkeeping for one request (apiserver's webhookReinvokeContext): a webhook that ran with
/// IfNeeded is called once more, in a second round, if a webhook after it changed the object. Webhooks that did not
/// run in the first round never run in the second.
/// </summary>
internal sealed class ReinvocationTracker
{
    readonly HashSet<string> invokedReinvocable = [];
    readonly HashSet<string> toReinvoke = [];

    /// <summary>A second round is needed: a webhook changed the object after a reinvocable one had run.</summary>
    public bool ShouldReinvoke => toReinvoke.Count > 0;

    public void Invoked(Webhook webhook)
    {
        if (webhook.ReinvokeIfNeeded) invokedReinvocable.Add(webhook.Uid);
    }

    /// <summary>The object changed: every reinvocable webhook that ran before this point has to see it again.</summary>
    public void ObjectChanged()
    {
        toReinvoke.UnionWith(invokedReinvocable);
        invokedReinvocable.Clear();
    }

    public bool IsReinvoked(Webhook webhook) => toReinvoke.Contains(webhook.Uid);
}
