using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Coxswain.LocalCluster.Api;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Coxswain.LocalCluster.Streaming;

/// <summary>What an upgraded streaming request became: the byte stream SPDY frames travel on, and the subprotocol agreed.</summary>
public sealed record UpgradedConnection(Stream Transport, string Protocol);

/// <summary>
/// Turns a streaming request (pods/portforward, pods/exec) into a connection carrying SPDY/3.1 frames, in either of the
/// two ways kubectl asks:
/// <list type="bullet">
/// <item>WebSockets (kubectl ≥ 1.31 tries it first): subprotocol <c>SPDY/3.1+&lt;protocol&gt;</c>, the SPDY frames tunneled
/// as the bytes of binary messages (apiserver's streamtunnel). Any non-101 answer makes kubectl fall back to…</item>
/// <item>…a plain HTTP/1.1 upgrade, <c>Upgrade: SPDY/3.1</c> with the protocols in <c>X-Stream-Protocol-Version</c>
/// (apimachinery's httpstream.Handshake and the SPDY response upgrader, with their messages).</item>
/// </list>
/// </summary>
public static class StreamUpgrade
{
    public const string SpdyProtocol = "SPDY/3.1";
    public const string TunnelingPrefix = SpdyProtocol + "+";
    public const string ProtocolVersionHeader = "X-Stream-Protocol-Version";
    public const string AcceptedProtocolVersionsHeader = "X-Accepted-Stream-Protocol-Versions";

    /// <param name="serverProtocols">The subprotocols this endpoint speaks, preferred first.</param>
    public static async Task<UpgradedConnection> AcceptAsync(HttpContext ctx, IReadOnlyList<string> serverProtocols)
    {
        var upgrade = ctx.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is not { IsUpgradableRequest: true } || !HasToken(ctx.Request.Headers.Connection, "upgrade"))
            throw StatusError.BadRequest("unable to upgrade: missing upgrade headers in request");
        var requested = ctx.Request.Headers.Upgrade.ToString().Trim();
        if (string.Equals(requested, "websocket", StringComparison.OrdinalIgnoreCase))
            return await AcceptWebSocketAsync(ctx, upgrade, serverProtocols).ConfigureAwait(false);
        if (!string.Equals(requested, SpdyProtocol, StringComparison.OrdinalIgnoreCase))
            throw StatusError.BadRequest("unable to upgrade: missing upgrade headers in request");

        var clientProtocols = Tokens(ctx.Request.Headers[ProtocolVersionHeader]);
        if (clientProtocols.Count == 0) throw StatusError.BadRequest($"unable to upgrade: {ProtocolVersionHeader} is required");
        // httpstream's negotiateProtocol: the client's first protocol the server also speaks.
        var negotiated = clientProtocols.FirstOrDefault(serverProtocols.Contains);
        if (negotiated is null)
        {
            ctx.Response.Headers[AcceptedProtocolVersionsHeader] = serverProtocols.ToArray();
            throw new StatusError(403, "Forbidden",
                $"unable to upgrade: unable to negotiate protocol: client supports [{string.Join(' ', clientProtocols)}], server accepts [{string.Join(' ', serverProtocols)}]");
        }
        ctx.Response.Headers[ProtocolVersionHeader] = negotiated;
        ctx.Response.Headers.Upgrade = SpdyProtocol;
        var transport = await upgrade.UpgradeAsync().ConfigureAwait(false); // 101 Switching Protocols, Connection: Upgrade
        return new UpgradedConnection(transport, negotiated);
    }

    /// <summary>
    /// The RFC 6455 handshake by hand: ASP.NET's WebSocket middleware refuses subprotocols with '/' (not an RFC token
    /// character), and <c>SPDY/3.1+…</c> is exactly what kubectl offers.
    /// </summary>
    static async Task<UpgradedConnection> AcceptWebSocketAsync(HttpContext ctx, IHttpUpgradeFeature upgrade, IReadOnlyList<string> serverProtocols)
    {
        var key = ctx.Request.Headers.SecWebSocketKey.ToString();
        if (ctx.Request.Method != "GET" || key.Length == 0 || ctx.Request.Headers.SecWebSocketVersion.ToString() != "13")
            throw StatusError.BadRequest("unable to upgrade: not a WebSocket version 13 handshake");
        var offered = Tokens(ctx.Request.Headers.SecWebSocketProtocol);
        var chosen = serverProtocols.FirstOrDefault(p => offered.Contains(TunnelingPrefix + p))
            ?? throw StatusError.BadRequest(
                $"unable to upgrade: unable to negotiate protocol: client supports [{string.Join(' ', offered)}], server accepts [{string.Join(' ', serverProtocols.Select(p => TunnelingPrefix + p))}]");
        ctx.Response.Headers.Upgrade = "websocket";
        ctx.Response.Headers.SecWebSocketAccept = Convert.ToBase64String(
            SHA1.HashData(Encoding.ASCII.GetBytes(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11")));
        ctx.Response.Headers.SecWebSocketProtocol = TunnelingPrefix + chosen;
        var transport = await upgrade.UpgradeAsync().ConfigureAwait(false);
        var socket = WebSocket.CreateFromStream(transport, new WebSocketCreationOptions { IsServer = true, KeepAliveInterval = TimeSpan.FromSeconds(30) });
        // Every write becomes one binary message; reads run across message boundaries, as the tunnel is a byte stream.
        return new UpgradedConnection(WebSocketStream.Create(socket, WebSocketMessageType.Binary, ownsWebSocket: true), chosen);
    }

    static List<string> Tokens(Microsoft.Extensions.Primitives.StringValues values) =>
        values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    static bool HasToken(Microsoft.Extensions.Primitives.StringValues values, string token) =>
        Tokens(values).Any(t => string.Equals(t, token, StringComparison.OrdinalIgnoreCase));
}
