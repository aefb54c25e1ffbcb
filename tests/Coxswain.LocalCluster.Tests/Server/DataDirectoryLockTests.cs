using Coxswain.LocalCluster.Server;

namespace Coxswain.LocalCluster.Tests.Server;

public class DataDirectoryLockTests : IDisposable
{
    readonly TemporaryDirectory _parent = new();

    public void Dispose() => _parent.Dispose();

    [Fact]
    public void SecondHolderFailsAtOnceNamingTheFirstHoldersPid()
    {
        var dataDirectory = _parent.File("data");
        using var first = DataDirectoryLock.Acquire(dataDirectory);

        var refused = Assert.Throws<DataDirectoryInUseException>(() => DataDirectoryLock.Acquire(dataDirectory));

        Assert.Equal(dataDirectory, refused.DataDirectory);
        Assert.Equal(Environment.ProcessId, refused.OwnerProcessId);
        Assert.Equal(
            $"data directory {dataDirectory} is already in use by another 'coxswain up' (pid {Environment.ProcessId})",
            refused.Message);
    }

    [Fact]
    public void RelativePathsAreReportedAbsolute()
    {
        var dataDirectory = _parent.File("data");
        using var first = DataDirectoryLock.Acquire(dataDirectory);
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, dataDirectory);

        Assert.Equal(dataDirectory, Assert.Throws<DataDirectoryInUseException>(() => DataDirectoryLock.Acquire(relative)).DataDirectory);
    }

    [Fact]
    public void ReleasedLockCanBeTakenAgainAndLeavesNoPidBehind()
    {
        var dataDirectory = _parent.File("data");
        DataDirectoryLock.Acquire(dataDirectory).Dispose();

        Assert.False(File.Exists(Path.Combine(dataDirectory, DataDirectoryLock.OwnerFileName)));
        using var again = DataDirectoryLock.Acquire(dataDirectory);
        Assert.Equal($"{Environment.ProcessId}\n", File.ReadAllText(Path.Combine(dataDirectory, DataDirectoryLock.OwnerFileName)));
    }

    [Fact]
    public void MissingPidRecordStillYieldsAReadableRefusal()
    {
        var dataDirectory = _parent.File("data");
        using var first = DataDirectoryLock.Acquire(dataDirectory);
        File.Delete(Path.Combine(dataDirectory, DataDirectoryLock.OwnerFileName));

        var refused = Assert.Throws<DataDirectoryInUseException>(() => DataDirectoryLock.Acquire(dataDirectory));

        Assert.Null(refused.OwnerProcessId);
        Assert.Equal($"data directory {dataDirectory} is already in use by another 'coxswain up'", refused.Message);
    }

    [Fact]
    public void DifferentDataDirectoriesDoNotContend()
    {
        using var first = DataDirectoryLock.Acquire(_parent.File("one"));
        using var second = DataDirectoryLock.Acquire(_parent.File("two"));
        Assert.NotEqual(first.DataDirectory, second.DataDirectory);
    }
}
