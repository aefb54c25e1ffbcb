using System.Text.RegularExpressions;
using Coxswain.LocalCluster.Tables;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Coxswain.LocalCluster.Tests.Tables;

public class HumanDurationTests
{
    [Theory]
    [InlineData(-3.0, "<invalid>")]
    [InlineData(-2.0, "<invalid>")]
    [InlineData(-1.9, "0s")] // up to two seconds of clock skew reads as "now"
    [InlineData(-0.5, "0s")]
    [InlineData(0.0, "0s")]
    [InlineData(5.0, "5s")]
    [InlineData(59.9, "59s")]
    [InlineData(119.0, "119s")]
    [InlineData(120.0, "2m")]
    [InlineData(200.0, "3m20s")]
    [InlineData(9 * 60 + 59.0, "9m59s")]
    [InlineData(10 * 60 + 30.0, "10m")]
    [InlineData(179 * 60.0, "179m")]
    [InlineData(3 * 3600.0, "3h")]
    [InlineData(5 * 3600 + 7 * 60.0, "5h7m")]
    [InlineData(7 * 3600 + 59 * 60 + 59.0, "7h59m")]
    [InlineData(8 * 3600 + 30 * 60.0, "8h")]
    [InlineData(47 * 3600.0, "47h")]
    [InlineData(48 * 3600.0, "2d")]
    [InlineData(51 * 3600.0, "2d3h")]
    [InlineData(7 * 86400 + 23 * 3600.0, "7d23h")]
    [InlineData(8 * 86400.0, "8d")]
    [InlineData(729 * 86400.0, "729d")]
    [InlineData(730 * 86400.0, "2y")]
    [InlineData(3 * 365 * 86400 + 45 * 86400.0, "3y45d")]
    [InlineData(8 * 365 * 86400 + 45 * 86400.0, "8y")]
    public void Format_matches_apimachinery_HumanDuration(double seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.Format(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData(-2.0, "<invalid>")]
    [InlineData(-1.0, "0s")]
    [InlineData(0.0, "0s")]
    [InlineData(59.0, "59s")]
    [InlineData(60.0, "1m")]
    [InlineData(200.0, "3m")]
    [InlineData(3599.0, "59m")]
    [InlineData(3600.0, "1h")]
    [InlineData(23 * 3600 + 59 * 60.0, "23h")]
    [InlineData(86400.0, "1d")]
    [InlineData(364 * 86400.0, "364d")]
    [InlineData(365 * 86400.0, "1y")]
    [InlineData(1000 * 86400.0, "2y")]
    public void FormatShort_matches_apimachinery_ShortHumanDuration(double seconds, string expected) =>
        Assert.Equal(expected, HumanDuration.FormatShort(TimeSpan.FromSeconds(seconds)));

    [Property]
    public Property Non_negative_durations_render_as_one_or_two_units()
    {
        var durations = Gen.Choose(0, int.MaxValue).Select(s => TimeSpan.FromSeconds(s)).ToArbitrary();
        return Prop.ForAll(durations, d =>
            Regex.IsMatch(HumanDuration.Format(d), @"^\d+[smhdy](\d+[smhd])?$")
            && Regex.IsMatch(HumanDuration.FormatShort(d), @"^\d+[smhdy]$"));
    }

    [Property]
    public Property Under_two_minutes_both_forms_count_seconds_exactly()
    {
        var seconds = Gen.Choose(0, 59).ToArbitrary();
        return Prop.ForAll(seconds, s =>
            HumanDuration.Format(TimeSpan.FromSeconds(s)) == $"{s}s" && HumanDuration.FormatShort(TimeSpan.FromSeconds(s)) == $"{s}s");
    }

    [Theory]
    [InlineData(null, "<unknown>")]
    [InlineData("", "<unknown>")]
    [InlineData("0001-01-01T00:00:00Z", "<unknown>")]
    [InlineData("2024-05-01T11:55:00", "<unknown>")] // RFC 3339 needs a zone
    [InlineData("2024-05-01T11:55:00Z", "5m")]
    [InlineData("2024-05-01T13:55:00+02:00", "5m")]
    [InlineData("2024-05-01T11:59:30.123456789Z", "29s")]
    public void Timestamps_since_render_ages_of_rfc3339_times(string? timestamp, string expected) =>
        Assert.Equal(expected, Timestamps.Since(timestamp, TableTestSupport.Now));
}
