using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Kubelet;
using Coxswain.LocalCluster.Kubelet.Processes;
using Coxswain.LocalCluster.Streaming;
using Coxswain.LocalCluster.Validation;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Http;

/// <summary>
/// <c>GET|POST pods/{name}/portforward</c> (what <c>kubectl port-forward</c> connects to): kube-apiserver's part (the pod
/// must exist and be bound to a node) and the kubelet's streaming server (upgrade to SPDY/3.1, directly or tunneled in a
/// WebSocket; then a <see cref="PortForwardSession"/> until the client disconnects or the server stops).
/// </summary>
public sealed class PodPortForwardEndpoint(ResourceStorage storage, PodPortForwarder forwarder, ILogger logger, CancellationToken stopping)
{
    static readonly string[] Protocols = [PortForwardSession.Protocol];

    public async Task HandleAsync(HttpContext ctx, string ns, string name)
    {
        var pod = storage.Get(BuiltInResources.Pods, ns, name).ToJsonObject();
        // The pod strategy's PortForwardLocation: the kubelet to ask is the pod's node's.
        if (pod.Obj("spec").StrOrEmpty("nodeName").Length == 0) throw StatusError.BadRequest($"pod {name} does not have a host assigned");
        var target = new PortForwardTarget(pod.Obj("metadata").StrOrEmpty("uid"), pod.Obj("status").Str("podIP") is { Length: > 0 } ip ? ip : null);

        var upgraded = await StreamUpgrade.AcceptAsync(ctx, Protocols).ConfigureAwait(false);
        // The session ends with the client's connection, or when the server stops (which would otherwise wait for it).
        using var ending = CancellationTokenSource.CreateLinkedTokenSource(ctx.RequestAborted, stopping);
        await using (upgraded.Transport.ConfigureAwait(false))
        {
            var session = new PortForwardSession(forwarder, target, logger, ending.Token);
            var connection = new SpdyConnection(upgraded.Transport);
            await connection.RunAsync(PortForwardSession.Validate, session.Accept,
                problem => logger.LogInformation("port-forward to {Namespace}/{Pod}: stream refused: {Problem}", ns, name, problem),
                ending.Token).ConfigureAwait(false);
            await ending.CancelAsync().ConfigureAwait(false);
            await session.DrainAsync().ConfigureAwait(false);
        }
    }
}
