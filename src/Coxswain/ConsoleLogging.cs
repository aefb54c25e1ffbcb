using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Coxswain.Cli;

/// <summary>Logging for long-running commands: one line per event on stderr, keeping stdout for output meant to be read or piped.</summary>
internal static class ConsoleLogging
{
    public static ILoggerFactory Create() => LoggerFactory.Create(logging => logging
        .SetMinimumLevel(LogLevel.Information)
        // ASP.NET Core's informational chatter ("Now listening on", "Application started") repeats what we print.
        .AddFilter("Microsoft", LogLevel.Warning)
        // A host that fails to start throws to us, and we print one line; its own error log would add a stack trace.
        .AddFilter("Microsoft.Extensions.Hosting", LogLevel.None)
        .AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "HH:mm:ss ";
        })
        .AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
}
