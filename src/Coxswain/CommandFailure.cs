namespace Coxswain.Cli;

/// <summary>How every command reports a failure: exit code 1 and a single "coxswain: ..." line on stderr.</summary>
internal static class CommandFailure
{
    public const int ExitCode = 1;

    public static int Report(TextWriter error, string message)
    {
        // Some exception messages span lines (inner details, hints); the first line is the sentence that matters.
        var firstLine = message.AsSpan().Trim();
        var newline = firstLine.IndexOfAny('\r', '\n');
        if (newline >= 0) firstLine = firstLine[..newline].TrimEnd();
        error.WriteLine($"coxswain: {firstLine}");
        return ExitCode;
    }
}
