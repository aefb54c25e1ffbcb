using System.Net;
using System.Text;
using Coxswain.Runtime.Client;
using k8s;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Client;

/// <summary>
/// Server-side apply as documented for kube-apiserver (the local server does not implement it yet): a PATCH of the
/// object URL with <c>application/apply-patch+yaml</c>, <c>fieldManager</c> (required) and <c>force</c>, and a body
/// that is the complete intent — kind and apiVersion included, managed fields left out.
/// </summary>
public class ServerSideApplyWireTests
{
    [Fact]
    public async Task Sends_the_object_as_an_apply_patch_with_the_field_manager_and_force()
    {
        var transport = new CapturingTransport();
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = "https://api.example.invalid" }, transport);
        var configMaps = new ResourceClient<V1ConfigMap>(client);
        var intent = new V1ConfigMap
        {
            Metadata = new V1ObjectMeta
            {
                Name = "settings",
                NamespaceProperty = "team",
                ManagedFields = [new V1ManagedFieldsEntry { Manager = "kubectl" }],
            },
            Data = new Dictionary<string, string> { ["mode"] = "fast" },
        };

        await configMaps.ApplyAsync(intent, "mirror-controller", force: true);

        Assert.Equal("PATCH", transport.Method);
        Assert.Equal("/api/v1/namespaces/team/configmaps/settings?fieldManager=mirror-controller&force=true", transport.PathAndQuery);
        Assert.Equal("application/apply-patch+yaml", transport.ContentType);
        Assert.Equal(
            """{"apiVersion":"v1","kind":"ConfigMap","data":{"mode":"fast"},"metadata":{"name":"settings","namespace":"team"}}""",
            transport.Body);
        Assert.NotNull(intent.Metadata.ManagedFields);
    }

    [Fact]
    public async Task Apply_without_force_leaves_the_parameter_out_and_status_goes_to_the_subresource()
    {
        var transport = new CapturingTransport();
        using var client = new Kubernetes(new KubernetesClientConfiguration { Host = "https://api.example.invalid" }, transport);
        var pods = new ResourceClient<V1Pod>(client);

        await pods.ApplyAsync(new V1Pod { Metadata = new V1ObjectMeta { Name = "web", NamespaceProperty = "team" } }, "status-writer", subresource: "status");

        Assert.Equal("/api/v1/namespaces/team/pods/web/status?fieldManager=status-writer", transport.PathAndQuery);
    }

    private sealed class CapturingTransport : DelegatingHandler
    {
        public string? Method { get; private set; }

        public string? PathAndQuery { get; private set; }

        public string? ContentType { get; private set; }

        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Method = request.Method.Method;
            PathAndQuery = request.RequestUri!.PathAndQuery;
            ContentType = request.Content!.Headers.ContentType!.MediaType;
            Body = await request.Content.ReadAsStringAsync(cancellationToken);
            return new HttpResponseMessage(HttpStatusCode.OK)
            {
                Content = new StringContent("""{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"settings"}}""", Encoding.UTF8, "application/json"),
            };
        }
    }
}
