using System.CommandLine;

namespace Coxswain.Cli.Commands;

/// <summary><c>coxswain version</c>: the build's version, including the source revision when the build knew it.</summary>
internal sealed class VersionCommand : Command
{
    public VersionCommand() : base("version", "Print the coxswain version.")
    {
        SetAction(parseResult =>
        {
            parseResult.InvocationConfiguration.Output.WriteLine($"coxswain version {BuildVersion.Current}");
            return 0;
        });
    }
}
