namespace Coxswain.LocalCluster.Server;

/// <summary>Another process holds the data directory's lock (see <see cref="DataDirectoryLock"/>).</summary>
public sealed class DataDirectoryInUseException(string dataDirectory, int? ownerProcessId, Exception? innerException = null)
    : IOException(Describe(dataDirectory, ownerProcessId), innerException)
{
    public string DataDirectory { get; } = dataDirectory;

    /// <summary>The holder's process id as it recorded it; null when it could not be read.</summary>
    public int? OwnerProcessId { get; } = ownerProcessId;

    static string Describe(string dataDirectory, int? ownerProcessId) =>
        $"data directory {dataDirectory} is already in use by another 'coxswain up'"
        + (ownerProcessId is { } pid ? $" (pid {pid})" : "");
}
