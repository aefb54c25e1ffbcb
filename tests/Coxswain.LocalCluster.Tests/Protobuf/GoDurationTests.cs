using Coxswain.LocalCluster.Protobuf;

namespace Coxswain.LocalCluster.Tests.Protobuf;

public class GoDurationTests
{
    [Theory]
    [InlineData(0L, "0s")]
    [InlineData(1L, "1ns")]
    [InlineData(1_500L, "1.5µs")]
    [InlineData(150_000_000L, "150ms")]
    [InlineData(1_000_000_000L, "1s")]
    [InlineData(90_000_000_000L, "1m30s")]
    [InlineData(3_600_000_000_000L, "1h0m0s")]
    [InlineData(3_723_500_000_000L, "1h2m3.5s")]
    [InlineData(-2_000_000_000L, "-2s")]
    public void Formats_and_parses_like_go(long nanoseconds, string text)
    {
        Assert.Equal(text, GoDuration.Format(nanoseconds));
        Assert.Equal(nanoseconds, GoDuration.Parse(text));
    }

    [Theory]
    [InlineData("1.5h", 5_400_000_000_000L)]
    [InlineData("2h45m", 9_900_000_000_000L)]
    [InlineData("300us", 300_000L)]
    [InlineData("+5s", 5_000_000_000L)]
    [InlineData("0", 0L)]
    public void Parses_other_spellings(string text, long nanoseconds) => Assert.Equal(nanoseconds, GoDuration.Parse(text));

    [Theory]
    [InlineData("")]
    [InlineData("5")]
    [InlineData("5x")]
    [InlineData("h")]
    public void Rejects_invalid_text(string text) =>
        Assert.Equal($"time: invalid duration \"{text}\"", Assert.Throws<FormatException>(() => GoDuration.Parse(text)).Message);

    [FsCheck.Xunit.Property]
    public bool Round_trips(long nanoseconds) => GoDuration.Parse(GoDuration.Format(nanoseconds)) == nanoseconds;
}
