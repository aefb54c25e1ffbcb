namespace Coxswain.Testing;

/// <summary>
/// Delays every request (watches excepted) for one resource before it is sent, so a controller spends that long in each
/// call it makes for that resource — what widens a reconcile enough for its informers to change under it.
/// </summary>
public sealed class SlowRequests(string plural, TimeSpan delay) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri!;
        var forResource = uri.AbsolutePath.EndsWith($"/{plural}", StringComparison.Ordinal) || uri.AbsolutePath.Contains($"/{plural}/", StringComparison.Ordinal);
        if (forResource && !uri.Query.Contains("watch=true", StringComparison.Ordinal))
        {
            await Task.Delay(delay, cancellationToken);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
