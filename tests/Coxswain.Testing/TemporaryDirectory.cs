namespace Coxswain.Testing;

/// <summary>A fresh directory under the system temp path, deleted with everything in it on dispose.</summary>
public sealed class TemporaryDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "coxswain-tests-" + Guid.NewGuid().ToString("N"));

    public TemporaryDirectory() => Directory.CreateDirectory(Path);

    public string File(params string[] relative) => System.IO.Path.Combine([Path, .. relative]);

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
