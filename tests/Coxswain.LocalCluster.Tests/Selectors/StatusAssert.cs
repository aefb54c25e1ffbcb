using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Tests.Selectors;

internal static class StatusAssert
{
    /// <summary>Asserts that the action fails with a 400 BadRequest Status carrying exactly this message.</summary>
    public static void BadRequest(string expectedMessage, Action action)
    {
        var error = Assert.Throws<StatusError>(action);
        Assert.Equal(400, error.Code);
        Assert.Equal("BadRequest", error.Reason);
        Assert.Equal(expectedMessage, error.Message);
    }
}
