using System.Net;
using System.Net.Sockets;
using Coxswain.LocalCluster.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Coxswain.LocalCluster.Tests.Server;

public class StartupFailureTests
{
    [Fact]
    public async Task KestrelOnATakenPortIsReportedAsAddressInUse()
    {
        using var squatter = new TcpListener(IPAddress.Loopback, 0);
        squatter.Start();
        var port = ((IPEndPoint)squatter.LocalEndpoint).Port;
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, port));
        await using var app = builder.Build();

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => app.StartAsync());

        Assert.Equal($"cannot listen on 127.0.0.1:{port}: address already in use", StartupFailure.Describe(failure, "127.0.0.1", port));
    }

    [Theory]
    [InlineData(SocketError.AddressAlreadyInUse, "::1", "cannot listen on [::1]:6443: address already in use")]
    [InlineData(SocketError.AccessDenied, "0.0.0.0", "cannot listen on 0.0.0.0:6443: permission denied")]
    [InlineData(SocketError.AddressNotAvailable, "10.9.8.7", "cannot listen on 10.9.8.7:6443: cannot assign requested address")]
    public void SocketErrorsAnywhereInTheChainAreListenFailures(SocketError error, string address, string expected)
    {
        var failure = new AggregateException(new IOException("Failed to bind", new InvalidOperationException("inner", new SocketException((int)error))));
        Assert.Equal(expected, StartupFailure.Describe(failure, address, 6443));
    }

    [Fact]
    public void OtherFailuresKeepTheirOwnMessage()
    {
        var failure = new DataDirectoryInUseException("/data", 1234);
        Assert.Equal("data directory /data is already in use by another 'coxswain up' (pid 1234)", StartupFailure.Describe(failure, "127.0.0.1", 6443));
    }
}
