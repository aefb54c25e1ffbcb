namespace Coxswain.LocalCluster.Admission;

/// <summary>
/// A webhook could not be called or gave an unusable answer (apiserver's <c>webhookutil.ErrCallingWebhook</c>). This is
/// what failurePolicy governs: Ignore lets the request through, Fail turns it into a 500 InternalError whose message is
/// <see cref="Exception.Message"/>: <c>failed calling webhook "{name}": {reason}</c>.
/// </summary>
internal sealed class WebhookCallException(string webhookName, string reason)
    : Exception($"failed calling webhook \"{webhookName}\": {reason}")
{
    public string WebhookName { get; } = webhookName;
    public string Reason { get; } = reason;
}
