namespace Coxswain.Runtime.Webhooks;

/// <summary>
/// Told about every admission request the webhook server answered, after the runtime's own
/// <c>controller_runtime_webhook_*</c> metrics are recorded: for families a manager adds of its own (register as a
/// singleton <see cref="IAdmissionObserver"/>).
/// </summary>
public interface IAdmissionObserver
{
    /// <param name="webhook">The path the webhook is served on.</param>
    /// <param name="allowed">Whether the request was admitted.</param>
    /// <param name="elapsed">Time to decode, decide and encode the answer.</param>
    void Observed(string webhook, bool allowed, TimeSpan elapsed);
}
