using Coxswain.Runtime.Hosting;
using Microsoft.AspNetCore.Http;

namespace Coxswain.Runtime.Tests.Hosting;

/// <summary>The probe responses, byte for byte as Kubernetes components (and controller-runtime) write them.</summary>
public class HealthChecksTests
{
    private bool _synced;

    private HealthChecks Checks => new HealthChecks().Add("ping", () => true).Add("informers-synced", () => _synced);

    [Fact]
    public async Task Healthy_is_a_terse_ok()
    {
        _synced = true;

        Assert.Equal((200, "ok"), await ServeAsync(Checks));
    }

    [Fact]
    public async Task A_failure_is_always_verbose_and_withholds_the_reason()
    {
        Assert.Equal((500, "[-]informers-synced failed: reason withheld\n[+]ping ok\nhealthz check failed\n"), await ServeAsync(Checks));
    }

    [Fact]
    public async Task Verbose_lists_every_check_on_success()
    {
        _synced = true;

        Assert.Equal((200, "[+]informers-synced ok\n[+]ping ok\nhealthz check passed\n"), await ServeAsync(Checks, "?verbose"));
    }

    [Fact]
    public async Task Excluded_checks_do_not_count_and_unknown_exclusions_are_reported()
    {
        Assert.Equal(
            (200, "[+]informers-synced excluded: ok\n[+]ping ok\nwarn: some health checks cannot be excluded: no matches for \"nope\"\nhealthz check passed\n"),
            await ServeAsync(Checks, "?exclude=informers-synced&exclude=nope&verbose"));
    }

    [Fact]
    public async Task One_check_can_be_asked_for_by_name()
    {
        Assert.Equal((200, "ok"), await ServeAsync(Checks, only: "ping"));
        Assert.Equal((500, "internal server error: reason withheld\n"), await ServeAsync(Checks, only: "informers-synced"));
        Assert.Equal(404, (await ServeAsync(Checks, only: "nope")).Status);
    }

    private static async Task<(int Status, string Body)> ServeAsync(HealthChecks checks, string query = "", string? only = null)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString(query);
        var body = new MemoryStream();
        context.Response.Body = body;

        await checks.HandleAsync(context, only);

        return (context.Response.StatusCode, System.Text.Encoding.UTF8.GetString(body.ToArray()));
    }
}
