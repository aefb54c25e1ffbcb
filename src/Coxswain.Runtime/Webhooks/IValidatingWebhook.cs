namespace Coxswain.Runtime.Webhooks;

/// <summary>
/// A validating admission handler for <typeparamref name="T"/> objects, resolved from the container and registered at a
/// path with <c>AddValidatingWebhook&lt;T, THandler&gt;(path)</c>. Return <see cref="AdmissionDecision.Allow"/> or
/// <see cref="AdmissionDecision.Deny"/> (optionally with warnings); any change to the objects is ignored.
/// </summary>
public interface IValidatingWebhook<T> where T : class
{
    Task<AdmissionDecision> ValidateAsync(AdmissionRequest<T> request, CancellationToken cancellationToken);
}
