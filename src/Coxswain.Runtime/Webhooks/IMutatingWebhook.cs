namespace Coxswain.Runtime.Webhooks;

/// <summary>
/// A mutating admission handler for <typeparamref name="T"/> objects, resolved from the container and registered at a
/// path with <c>AddMutatingWebhook&lt;T, THandler&gt;(path)</c>. Change <see cref="AdmissionRequest{T}.Object"/> in
/// place and return <see cref="AdmissionDecision.Allow"/>: the server answers with the JSON patch between the object as
/// received and as left. Denying is allowed too (as OpenKruise's mutating handlers do for malformed objects).
/// </summary>
public interface IMutatingWebhook<T> where T : class
{
    Task<AdmissionDecision> MutateAsync(AdmissionRequest<T> request, CancellationToken cancellationToken);
}
