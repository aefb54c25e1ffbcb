using Coxswain.LocalCluster.Kubelet;

namespace Coxswain.LocalCluster.Tests.Nodes;

/// <summary>The small rules of the simulated kubelet: durations as Go prints them, image references, back-off, annotations.</summary>
public sealed class KubeletPartsTests
{
    [Theory]
    [InlineData(10_000, "10s")]
    [InlineData(80_000, "1m20s")]
    [InlineData(300_000, "5m0s")]
    [InlineData(512, "512ms")]
    [InlineData(1_234, "1.234s")]
    [InlineData(3_723_000, "1h2m3s")]
    [InlineData(0, "0s")]
    public void Durations_read_as_Go_prints_them(int milliseconds, string expected) =>
        Assert.Equal(expected, GoDuration.Format(TimeSpan.FromMilliseconds(milliseconds)));

    [Theory]
    [InlineData("nginx", "docker.io/library/nginx:latest")]
    [InlineData("nginx:1.27", "docker.io/library/nginx:1.27")]
    [InlineData("bitnami/redis:7", "docker.io/bitnami/redis:7")]
    [InlineData("quay.io/prometheus/node-exporter", "quay.io/prometheus/node-exporter:latest")]
    [InlineData("localhost:5000/app:v2", "localhost:5000/app:v2")]
    [InlineData("registry.k8s.io/pause:3.10", "registry.k8s.io/pause:3.10")]
    public void Image_references_are_normalized_as_containerd_reports_them(string image, string normalized) =>
        Assert.Equal(normalized, ImageReference.Parse(image).Normalized);

    [Fact]
    public void The_image_id_is_the_sha256_of_the_normalized_reference()
    {
        var nginx = ImageReference.Parse("nginx");
        Assert.Equal(ImageReference.Parse("docker.io/library/nginx:latest").ImageId, nginx.ImageId);
        Assert.Matches("^docker.io/library/nginx@sha256:[0-9a-f]{64}$", nginx.ImageId);
        var expected = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData("docker.io/library/nginx:latest"u8));
        Assert.Equal($"docker.io/library/nginx@sha256:{expected}", nginx.ImageId);
        Assert.NotEqual(nginx.ImageId, ImageReference.Parse("nginx:1.27").ImageId);
        var pinned = ImageReference.Parse("nginx@sha256:" + new string('a', 64));
        Assert.Equal("docker.io/library/nginx@sha256:" + new string('a', 64), pinned.ImageId);
    }

    [Fact]
    public void Crash_loop_back_off_is_immediate_first_then_doubles_up_to_the_cap_and_resets_after_a_quiet_spell()
    {
        var t0 = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var backOff = new RestartBackOff(TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(300));
        Assert.False(backOff.InBackOffSince(t0, t0));
        var delays = new List<TimeSpan>();
        var now = t0;
        for (var i = 0; i < 8; i++)
        {
            backOff.Next(now);
            delays.Add(backOff.Current);
            Assert.True(backOff.InBackOffSince(now, now));
            now += backOff.Current;
        }
        Assert.Equal([10, 20, 40, 80, 160, 300, 300, 300], delays.Select(d => (int)d.TotalSeconds));
        now += TimeSpan.FromMinutes(11); // more than twice the cap since the last restart
        Assert.False(backOff.InBackOffSince(now, now));
        backOff.Next(now);
        Assert.Equal(TimeSpan.FromSeconds(10), backOff.Current);
    }

    [Fact]
    public void Annotations_apply_to_the_pod_or_one_container()
    {
        var annotations = new SimulationAnnotations(new System.Text.Json.Nodes.JsonObject
        {
            ["simulation.coxswain.io/start-delay"] = "500ms",
            ["simulation.coxswain.io/crash-after"] = "2",
            ["simulation.coxswain.io/crash-after.sidecar"] = "1m",
            ["simulation.coxswain.io/signal"] = "segv",
            ["simulation.coxswain.io/image-pull-failure.init"] = "true",
            ["simulation.coxswain.io/readiness-delay"] = "not a duration",
        });
        Assert.Equal(TimeSpan.FromMilliseconds(500), annotations.StartDelay);
        var app = annotations.For("app", initContainer: false);
        Assert.Equal(TimeSpan.FromSeconds(2), app.CrashAfter);
        Assert.Equal(11, app.CrashSignal);
        Assert.Equal(TimeSpan.Zero, app.ReadinessDelay);
        Assert.Equal(0, app.ImagePullFailures);
        Assert.Equal(TimeSpan.FromMinutes(1), annotations.For("sidecar", initContainer: false).CrashAfter);
        var init = annotations.For("init", initContainer: true);
        Assert.Null(init.CrashAfter); // pod-wide keys leave init containers alone
        Assert.Equal(int.MaxValue, init.ImagePullFailures);
    }

    [Theory]
    [InlineData("SIGABRT", 6, true)]
    [InlineData("ABRT", 6, true)]
    [InlineData("11", 11, true)]
    [InlineData("sigterm", 15, false)]
    [InlineData("SIGKILL", 9, false)]
    public void Signals_parse_by_name_or_number_and_know_whether_they_dump_core(string text, int number, bool dumpsCore)
    {
        Assert.Equal(number, Signals.Parse(text));
        Assert.Equal(dumpsCore, Signals.DumpsCore(number));
        Assert.Equal(128 + number, Signals.ExitCodeFor(number));
    }
}
