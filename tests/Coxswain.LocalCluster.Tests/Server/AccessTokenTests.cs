using Coxswain.LocalCluster.Server;

namespace Coxswain.LocalCluster.Tests.Server;

public class AccessTokenTests : IDisposable
{
    readonly TemporaryDirectory _dataDirectory = new();

    public void Dispose() => _dataDirectory.Dispose();

    [Fact]
    public void CreatedTokenIsStoredOwnerOnlyAndReusedOnRestart()
    {
        var created = AccessToken.LoadOrCreate(_dataDirectory.Path);
        var reloaded = AccessToken.LoadOrCreate(_dataDirectory.Path);

        Assert.Matches("^[0-9a-f]{64}$", created.Value);
        Assert.Equal(created.Value, reloaded.Value);
        Assert.Equal(created.Value + "\n", File.ReadAllText(_dataDirectory.File("token")));
        if (!OperatingSystem.IsWindows())
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(_dataDirectory.File("token")));
    }

    [Fact]
    public void TokensDifferBetweenDataDirectories()
    {
        using var other = new TemporaryDirectory();
        Assert.NotEqual(AccessToken.LoadOrCreate(_dataDirectory.Path).Value, AccessToken.LoadOrCreate(other.Path).Value);
    }

    [Fact]
    public void TokenWrittenByTheUserIsKept()
    {
        File.WriteAllText(_dataDirectory.File("token"), "  my-own.token_42  \n");
        Assert.Equal("my-own.token_42", AccessToken.LoadOrCreate(_dataDirectory.Path).Value);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n")]
    [InlineData("two words")]
    public void FileWithoutAUsableTokenGetsANewOne(string contents)
    {
        File.WriteAllText(_dataDirectory.File("token"), contents);

        var token = AccessToken.LoadOrCreate(_dataDirectory.Path);

        Assert.Matches("^[0-9a-f]{64}$", token.Value);
        Assert.Equal(token.Value + "\n", File.ReadAllText(_dataDirectory.File("token")));
    }

    [Theory]
    [InlineData("Bearer secret-value", true)]
    [InlineData("bearer secret-value", true)]
    [InlineData("BEARER secret-value", true)]
    [InlineData("Bearer secret-valuE", false)]
    [InlineData("Bearer secret-value2", false)]
    [InlineData("Bearer secret", false)]
    [InlineData("Bearer ", false)]
    [InlineData("secret-value", false)]
    [InlineData("Basic c2VjcmV0LXZhbHVl", false)]
    [InlineData(null, false)]
    public void AuthorizationHeaderMustPresentTheExactToken(string? header, bool accepted)
    {
        Assert.Equal(accepted, new AccessToken("secret-value").IsPresentedIn(header));
    }

    [Fact]
    public void ToStringDoesNotRevealTheToken()
    {
        Assert.DoesNotContain("secret-value", new AccessToken("secret-value").ToString());
    }
}
