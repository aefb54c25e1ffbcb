namespace Coxswain.LocalCluster.Server;

/// <summary>
/// Exclusive ownership of a data directory for the lifetime of one local cluster: two servers on one
/// store would corrupt it. The lock is an OS file lock on <c>&lt;data-dir&gt;/lock</c> (flock on Unix, a
/// share-none handle on Windows), so it vanishes with the process, even after kill -9: there is no stale
/// lock to clean up. The holder's pid is recorded beside it in <c>&lt;data-dir&gt;/lock.pid</c> for the
/// error message of whoever comes second (the lock file itself cannot be opened while it is held).
/// </summary>
public sealed class DataDirectoryLock : IDisposable
{
    public const string FileName = "lock";
    public const string OwnerFileName = "lock.pid";

    readonly FileStream _lockFile;
    readonly string _ownerFile;

    /// <summary>The data directory, as an absolute path.</summary>
    public string DataDirectory { get; }

    DataDirectoryLock(string dataDirectory, FileStream lockFile, string ownerFile)
    {
        DataDirectory = dataDirectory;
        _lockFile = lockFile;
        _ownerFile = ownerFile;
    }

    /// <summary>
    /// Takes the lock, creating the directory if needed, without waiting: throws
    /// <see cref="DataDirectoryInUseException"/> at once when another holder has it.
    /// </summary>
    public static DataDirectoryLock Acquire(string dataDirectory)
    {
        var directory = Path.GetFullPath(dataDirectory);
        StateFiles.CreateDirectory(directory);
        var ownerFile = Path.Combine(directory, OwnerFileName);
        FileStream lockFile;
        try
        {
            // .NET maps FileShare.None to flock(LOCK_EX | LOCK_NB) on Unix: a contender fails immediately.
            lockFile = new FileStream(Path.Combine(directory, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (IsHeldByAnother(e))
        {
            throw new DataDirectoryInUseException(directory, ReadOwner(ownerFile), e);
        }
        StateFiles.WriteAtomically(ownerFile, $"{Environment.ProcessId}\n", secret: false);
        return new DataDirectoryLock(directory, lockFile, ownerFile);
    }

    /// <summary>
    /// Releases the lock. The pid file goes first, while the lock is still held, so it can never delete the
    /// next holder's record. The lock file stays: deleting it could let a waiter lock the old inode while a
    /// newcomer locks a new file of the same name, and both would believe they own the directory.
    /// </summary>
    public void Dispose()
    {
        try
        {
            File.Delete(_ownerFile);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover pid file only makes a later error message name a stale pid.
        }
        _lockFile.Dispose();
    }

    static int? ReadOwner(string ownerFile)
    {
        try
        {
            return int.TryParse(File.ReadAllText(ownerFile).Trim(), out var pid) ? pid : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>
    /// Lock contention, as opposed to any other failure to open (permissions, full disk) that deserves its
    /// own message: EWOULDBLOCK from flock on Unix (11 on Linux, 35 on the BSDs and macOS), a sharing or
    /// lock violation on Windows. .NET puts the raw errno, or the Win32 error as an HRESULT, in HResult.
    /// </summary>
    static bool IsHeldByAnother(IOException e)
    {
        if (OperatingSystem.IsWindows())
        {
            const int sharingViolation = 32, lockViolation = 33;
            return (e.HResult & 0xFFFF) is sharingViolation or lockViolation;
        }
        var wouldBlock = OperatingSystem.IsLinux() ? 11 : 35;
        return e.HResult == wouldBlock;
    }
}
