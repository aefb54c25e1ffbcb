using System.Reflection;

namespace Coxswain.Cli;

/// <summary>This build's version, including the source revision when the build knew it; also the local image's tag.</summary>
internal static class BuildVersion
{
    public static string Current { get; } =
        typeof(BuildVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(BuildVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
