using System.Net;
using System.Net.Sockets;
using System.Text;
using Coxswain.LocalCluster.Kubelet;
using Coxswain.LocalCluster.Streaming;

namespace Coxswain.LocalCluster.Tests.Streaming;

/// <summary>
/// The server side of a SPDY connection over a real loopback socket, driven frame by frame as spdystream's client does:
/// replies, refusals, pings, data both ways, half-close and reset.
/// </summary>
public sealed class SpdyConnectionTests : IAsyncLifetime
{
    static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    readonly List<SpdyStream> accepted = new();
    readonly SemaphoreSlim streamArrived = new(0);
    readonly List<string> refused = new();
    TcpClient? client;
    Socket? server;
    SpdyFrameWriter? toServer;
    SpdyFrameReader? fromServer;
    Task? serving;

    public async Task InitializeAsync()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, ((IPEndPoint)listener.LocalEndpoint).Port);
        server = await listener.AcceptSocketAsync();
        listener.Stop();
        toServer = new SpdyFrameWriter(client.GetStream());
        fromServer = new SpdyFrameReader(client.GetStream());
        var connection = new SpdyConnection(new NetworkStream(server, ownsSocket: true));
        serving = connection.RunAsync(PortForwardSession.Validate, s =>
        {
            lock (accepted) accepted.Add(s);
            streamArrived.Release();
        }, problem => { lock (refused) refused.Add(problem); }, CancellationToken.None);
    }

    public async Task DisposeAsync()
    {
        client?.Dispose();
        if (serving is not null) await serving.WaitAsync(Timeout);
    }

    [Fact]
    public async Task Accepted_streams_are_replied_to_and_carry_data_both_ways_until_half_closed()
    {
        await toServer!.WriteAsync(new SpdySynStreamFrame(1, 0, 0, false, false, new SpdyHeaders().Add("streamType", "data").Add("port", "8080")));
        var reply = Assert.IsType<SpdySynReplyFrame>(await NextAsync());
        Assert.Equal((1u, false, 0), (reply.StreamId, reply.Fin, reply.Headers.Count));
        var stream = await AcceptedAsync();
        Assert.Equal("8080", stream.Headers.Get("port"));

        await toServer.WriteAsync(new SpdyDataFrame(1, false, "hello "u8.ToArray()));
        await toServer.WriteAsync(new SpdyDataFrame(1, true, "pod"u8.ToArray()));
        Assert.Equal("hello pod", await ReadToEndAsync(stream));

        await stream.WriteAsync("hi"u8.ToArray());
        await stream.CloseWriteAsync();
        var data = (SpdyDataFrame)await NextAsync();
        Assert.Equal((1u, false, "hi"), (data.StreamId, data.Fin, Encoding.ASCII.GetString(data.Data.Span)));
        var fin = (SpdyDataFrame)await NextAsync();
        Assert.Equal((1u, true, 0), (fin.StreamId, fin.Fin, fin.Data.Length));
    }

    [Fact]
    public async Task Streams_with_bad_headers_are_reset_and_client_pings_echoed()
    {
        await toServer!.WriteAsync(new SpdySynStreamFrame(1, 0, 0, false, false, new SpdyHeaders().Add("streamType", "data")));
        Assert.Equal(new SpdyRstStreamFrame(1, SpdyResetStatus.Cancel), await NextAsync());
        await toServer.WriteAsync(new SpdySynStreamFrame(3, 0, 0, false, false, new SpdyHeaders().Add("streamType", "stdin").Add("port", "80")));
        Assert.Equal(new SpdyRstStreamFrame(3, SpdyResetStatus.Cancel), await NextAsync());
        // A stream id that is not new breaks the protocol.
        await toServer.WriteAsync(new SpdySynStreamFrame(3, 0, 0, false, false, new SpdyHeaders().Add("streamType", "data").Add("port", "80")));
        Assert.Equal(new SpdyRstStreamFrame(3, SpdyResetStatus.ProtocolError), await NextAsync());

        await toServer.WriteAsync(new SpdyPingFrame(5));
        Assert.Equal(new SpdyPingFrame(5), await NextAsync());
        lock (refused) Assert.Equal(["\"port\" header is required", "invalid stream type \"stdin\""], refused);
    }

    [Fact]
    public async Task A_reset_or_the_end_of_the_connection_aborts_the_stream()
    {
        await toServer!.WriteAsync(new SpdySynStreamFrame(1, 0, 0, false, false, new SpdyHeaders().Add("streamType", "error").Add("port", "1")));
        await NextAsync();
        var first = await AcceptedAsync();
        await toServer.WriteAsync(new SpdyRstStreamFrame(1, SpdyResetStatus.Cancel));
        await WaitAsync(first.Aborted);
        await Assert.ThrowsAsync<IOException>(() => first.WriteAsync("late"u8.ToArray()).AsTask());

        await toServer.WriteAsync(new SpdySynStreamFrame(3, 0, 0, false, false, new SpdyHeaders().Add("streamType", "data").Add("port", "1")));
        await NextAsync();
        var second = await AcceptedAsync();
        client!.Client.Shutdown(SocketShutdown.Send);
        await WaitAsync(second.Aborted);
        Assert.Equal(0, await second.ReadAsync(new byte[8]));
        await serving!.WaitAsync(Timeout);
    }

    async Task<SpdyFrame> NextAsync()
    {
        using var deadline = new CancellationTokenSource(Timeout);
        return await fromServer!.ReadAsync(deadline.Token) ?? throw new EndOfStreamException("the server closed the connection");
    }

    async Task<SpdyStream> AcceptedAsync()
    {
        Assert.True(await streamArrived.WaitAsync(Timeout), "no stream accepted");
        lock (accepted) return accepted[^1];
    }

    static async Task<string> ReadToEndAsync(Stream stream)
    {
        using var deadline = new CancellationTokenSource(Timeout);
        var text = new StringBuilder();
        var buffer = new byte[16];
        int n;
        while ((n = await stream.ReadAsync(buffer, deadline.Token)) > 0) text.Append(Encoding.ASCII.GetString(buffer, 0, n));
        return text.ToString();
    }

    static Task WaitAsync(CancellationToken token)
    {
        var done = new TaskCompletionSource();
        token.Register(() => done.TrySetResult());
        return done.Task.WaitAsync(Timeout);
    }
}
