namespace Coxswain.LocalCluster.Server;

/// <summary>
/// How the local cluster writes its on-disk state (keys, token, kubeconfig): directories readable only
/// by the owner, and files replaced atomically so a crash mid-write never leaves a truncated key or
/// token behind for the next start to trip over.
/// </summary>
internal static class StateFiles
{
    const UnixFileMode OwnerOnlyDirectory = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    const UnixFileMode OwnerOnlyFile = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    const UnixFileMode WorldReadableFile = OwnerOnlyFile | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    /// <summary>Creates <paramref name="path"/> (0700 on Unix) if missing; an existing directory keeps its mode.</summary>
    public static void CreateDirectory(string path)
    {
        if (OperatingSystem.IsWindows()) Directory.CreateDirectory(path);
        else Directory.CreateDirectory(path, OwnerOnlyDirectory);
    }

    /// <summary>
    /// Replaces <paramref name="path"/> with <paramref name="contents"/>: written to a sibling temporary file
    /// (0600 when <paramref name="secret"/>, else 0644), flushed to disk, then renamed over the target.
    /// </summary>
    public static void WriteAtomically(string path, string contents, bool secret)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        // The mode is set at creation so a secret is never readable by others, not even for an instant.
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = secret ? OwnerOnlyFile : WorldReadableFile;
        try
        {
            using (var stream = new FileStream(temporary, options))
            using (var writer = new StreamWriter(stream))
            {
                writer.Write(contents);
                writer.Flush();
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }
}
