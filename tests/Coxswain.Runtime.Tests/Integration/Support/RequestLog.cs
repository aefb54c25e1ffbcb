using System.Collections.Concurrent;

namespace Coxswain.Runtime.Tests.Integration.Support;

/// <summary>Records every request a client sends (method, path and query, Accept) and the response's Content-Type.</summary>
internal sealed class RequestLog : DelegatingHandler
{
    public ConcurrentQueue<Entry> Entries { get; } = new();

    /// <summary>Requests whose query contains <paramref name="fragment"/>, e.g. <c>watch=true</c>.</summary>
    public IReadOnlyList<Entry> Matching(string fragment) => [.. Entries.Where(e => e.PathAndQuery.Contains(fragment, StringComparison.Ordinal))];

    /// <summary>Collection GETs that are not watches.</summary>
    public IReadOnlyList<Entry> Lists => [.. Entries.Where(e => e.Method == "GET" && !e.PathAndQuery.Contains("watch=true", StringComparison.Ordinal))];

    public IReadOnlyList<Entry> Watches => Matching("watch=true");

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        Entries.Enqueue(new Entry(
            request.Method.Method,
            Uri.UnescapeDataString(request.RequestUri!.PathAndQuery),
            request.Headers.NonValidated.TryGetValues("Accept", out var accept) ? accept.ToString() : string.Empty,
            (int)response.StatusCode,
            response.Content.Headers.NonValidated.TryGetValues("Content-Type", out var type) ? type.ToString() : null));
        return response;
    }

    public sealed record Entry(string Method, string PathAndQuery, string Accept, int Status, string? ContentType)
    {
        /// <summary>The value of one query parameter, or null.</summary>
        public string? Query(string name)
        {
            var query = PathAndQuery.Split('?', 2) is [_, var q] ? q : string.Empty;
            return query.Split('&').Select(p => p.Split('=', 2)).FirstOrDefault(p => p[0] == name) is [_, var value] ? value : null;
        }
    }
}
