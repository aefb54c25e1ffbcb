using Coxswain.Kruise.FeatureGates;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Coxswain.Kruise.Tests;

public sealed class FeatureGateSetTests
{
    [Fact]
    public void Defaults_are_OpenKruise_v1_8s()
    {
        var gates = FeatureGateSet.Defaults;
        Assert.True(gates.Enabled(KruiseFeatures.PodWebhook));
        Assert.True(gates.Enabled(KruiseFeatures.InPlaceUpdateEnvFromMetadata));
        Assert.False(gates.Enabled(KruiseFeatures.CloneSetShortHash));
        Assert.False(gates.Enabled(KruiseFeatures.ResourcesDeletionProtection));
    }

    [Fact]
    public void Explicit_values_override_defaults()
    {
        var gates = FeatureGateSet.Parse("CloneSetShortHash=true, PodIndexLabel=false");
        Assert.True(gates.Enabled(KruiseFeatures.CloneSetShortHash));
        Assert.False(gates.Enabled("PodIndexLabel"));
    }

    [Fact]
    public void Disabling_the_pod_webhook_turns_off_what_needs_it()
    {
        var gates = FeatureGateSet.Parse("PodWebhook=false,KruisePodReadinessGate=true");
        Assert.False(gates.Enabled(KruiseFeatures.KruisePodReadinessGate));
        Assert.False(gates.Enabled("WorkloadSpread"));
    }

    [Fact]
    public void Image_pre_download_switches_on_image_pull_jobs_unless_the_daemon_is_off()
    {
        Assert.True(FeatureGateSet.Parse("PreDownloadImageForInPlaceUpdate=true").Enabled("ImagePullJobGate"));
        Assert.False(FeatureGateSet.Parse("PreDownloadImageForInPlaceUpdate=true,KruiseDaemon=false").Enabled("ImagePullJobGate"));
    }

    [Theory]
    [InlineData("NoSuchGate=true", "unrecognized feature gate: NoSuchGate")]
    [InlineData("CloneSetShortHash", "missing bool value for CloneSetShortHash")]
    [InlineData("CloneSetShortHash=yes", "invalid value of CloneSetShortHash=yes, err: strconv.ParseBool: parsing \"yes\": invalid syntax")]
    public void Mistakes_read_like_component_bases(string value, string message) =>
        Assert.Equal(message, Assert.Throws<FormatException>(() => FeatureGateSet.Parse(value)).Message);

    [Property]
    public Property Any_assignment_of_known_gates_parses_and_explicit_values_win_unless_a_dependency_forces_them()
    {
        var names = KruiseFeatures.All.Select(g => g.Name).ToArray();
        var assignment = Gen.Elements(names).SelectMany(n => Gen.Elements(true, false).Select(v => (Name: n, Value: v))).ListOf();
        return Prop.ForAll(assignment.ToArbitrary(), pairs =>
        {
            var gates = FeatureGateSet.Parse(string.Join(",", pairs.Select(p => $"{p.Name}={(p.Value ? "true" : "false")}")));
            var last = pairs.GroupBy(p => p.Name).ToDictionary(g => g.Key, g => g.Last().Value);
            var forced = KruiseFeatures.OffWhenDisabled.Where(d => !gates.Enabled(d.Key)).SelectMany(d => d.Value)
                .Concat(KruiseFeatures.OnWhenEnabled.Where(d => gates.Enabled(d.Key)).SelectMany(d => d.Value)).ToHashSet();
            return last.All(p => forced.Contains(p.Key) || gates.Enabled(p.Key) == p.Value);
        });
    }
}
