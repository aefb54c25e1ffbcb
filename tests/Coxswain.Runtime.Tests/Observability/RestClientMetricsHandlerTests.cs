using System.Net;
using Coxswain.Runtime.Observability;
using Coxswain.Runtime.Tests.Support;

namespace Coxswain.Runtime.Tests.Observability;

public class RestClientMetricsHandlerTests
{
    [Fact]
    public async Task Counts_requests_by_code_method_and_host_including_transport_failures()
    {
        var registry = Prometheus.Metrics.NewCustomRegistry();
        var answers = new Queue<Func<HttpResponseMessage>>(
        [
            () => new HttpResponseMessage(HttpStatusCode.OK),
            () => new HttpResponseMessage(HttpStatusCode.TooManyRequests),
            () => throw new HttpRequestException("connection refused"),
        ]);
        using var client = new HttpClient(new RestClientMetricsHandler(new RuntimeMetrics(registry)) { InnerHandler = new Stub(answers) });

        (await client.GetAsync("https://127.0.0.1:6443/api/v1/pods")).Dispose();
        (await client.PostAsync("https://127.0.0.1:6443/api/v1/namespaces/default/pods", null)).Dispose();
        await Assert.ThrowsAsync<HttpRequestException>(() => client.GetAsync("https://127.0.0.1:6443/api/v1/pods"));

        var scrape = await MetricsScrape.TakeAsync(registry);
        Assert.Equal(1, scrape.Value("rest_client_requests_total", ("code", "200"), ("method", "GET"), ("host", "127.0.0.1:6443")));
        Assert.Equal(1, scrape.Value("rest_client_requests_total", ("code", "429"), ("method", "POST"), ("host", "127.0.0.1:6443")));
        Assert.Equal(1, scrape.Value("rest_client_requests_total", ("code", "<error>"), ("method", "GET"), ("host", "127.0.0.1:6443")));
    }

    private sealed class Stub(Queue<Func<HttpResponseMessage>> answers) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromResult(answers.Dequeue()());
    }
}
