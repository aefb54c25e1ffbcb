using System.Net;

namespace Coxswain.Runtime.Client;

/// <summary>
/// Retries an optimistic-concurrency write that lost a race (409 Conflict), client-go's <c>retry.RetryOnConflict</c>
/// with <c>retry.DefaultRetry</c>: at most 5 attempts, about 10 ms apart (10 % jitter). The attempt must re-read the
/// object before writing again, or it will conflict forever.
/// </summary>
public static class ConflictRetry
{
    /// <summary>client-go's <c>DefaultRetry.Steps</c>.</summary>
    public const int MaxAttempts = 5;

    /// <summary>client-go's <c>DefaultRetry.Duration</c>.</summary>
    public static readonly TimeSpan Delay = TimeSpan.FromMilliseconds(10);

    /// <summary>Whether <paramref name="exception"/> is an API conflict (HTTP 409, reason <c>Conflict</c>).</summary>
    public static bool IsConflict(Exception exception) =>
        exception is KubernetesApiException { StatusCode: HttpStatusCode.Conflict } e && e.Reason is null or "Conflict";

    /// <summary>
    /// Runs <paramref name="attempt"/> (given its 1-based number) until it does not conflict, at most
    /// <see cref="MaxAttempts"/> times; the last conflict, like any other failure, is thrown.
    /// </summary>
    public static async Task<TResult> RunAsync<TResult>(
        Func<int, CancellationToken, Task<TResult>> attempt, TimeProvider? timeProvider = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(attempt);
        for (var number = 1; ; number++)
        {
            try
            {
                return await attempt(number, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (number < MaxAttempts && IsConflict(e))
            {
                var jittered = Delay * (1 + (0.1 * Random.Shared.NextDouble()));
                await Task.Delay(jittered, timeProvider ?? TimeProvider.System, cancellationToken).ConfigureAwait(false);
            }
        }
    }
}
