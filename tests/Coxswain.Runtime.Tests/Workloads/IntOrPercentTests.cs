using Coxswain.Runtime.Workloads;
using FsCheck.Xunit;
using k8s.Models;

namespace Coxswain.Runtime.Tests.Workloads;

public sealed class IntOrPercentTests
{
    [Theory]
    [InlineData("25%", 10, true, 3)]
    [InlineData("25%", 10, false, 2)]
    [InlineData("50%", 5, true, 3)]
    [InlineData("50%", 5, false, 2)]
    [InlineData("0%", 7, true, 0)]
    [InlineData("100%", 7, false, 7)]
    [InlineData("3", 10, false, 3)]
    public void Scales_like_apimachinery(string value, int total, bool roundUp, int expected) =>
        Assert.Equal(expected, IntOrPercent.GetScaledValue((IntOrString)value, total, roundUp));

    [Fact]
    public void An_integer_is_taken_as_is() => Assert.Equal(2, IntOrPercent.GetScaledValue(2, 100, roundUp: true));

    [Fact]
    public void A_string_that_is_not_a_percentage_is_rejected_with_apimachinerys_message()
    {
        var e = Assert.Throws<FormatException>(() => IntOrPercent.GetScaledValue((IntOrString)"abc", 10, true));
        Assert.Equal("invalid value for IntOrString: invalid type: string is not a percentage", e.Message);
        var e2 = Assert.Throws<FormatException>(() => IntOrPercent.GetScaledValue((IntOrString)"x%", 10, true));
        Assert.Equal("invalid value \"x%\": strconv.Atoi: parsing \"x\": invalid syntax", e2.Message);
    }

    [Property]
    public bool Rounding_up_never_gives_less_and_at_most_one_more(byte percent, ushort total)
    {
        IntOrString value = $"{percent}%";
        var up = IntOrPercent.GetScaledValue(value, total, true);
        var down = IntOrPercent.GetScaledValue(value, total, false);
        return up - down is 0 or 1 && down == percent * total / 100;
    }
}
