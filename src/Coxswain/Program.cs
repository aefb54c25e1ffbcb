using System.CommandLine;
using Coxswain.Cli;
using Coxswain.Cli.Commands;

var root = new RootCommand("Coxswain: OpenKruise-style workload controllers and a local Kubernetes API server.")
{
    new UpCommand(),
    new ManagerCommand(),
    new ManifestsCommand(),
    new VersionCommand(),
};

var invocation = new InvocationConfiguration
{
    // Failures are reported as one "coxswain: ..." line (below), not System.CommandLine's stack trace dump.
    EnableDefaultExceptionHandler = false,
    // Ctrl-C / SIGTERM cancel the running command's token; it gets this long to shut down cleanly
    // before the process exits regardless (with 130 / 143, as a shell reports death by signal).
    ProcessTerminationTimeout = UpCommand.GracefulShutdownTimeout,
};

var parseResult = root.Parse(args);
if (parseResult.Errors.Count > 0)
{
    // One line per mistake instead of System.CommandLine's errors-below-full-help; --help shows usage.
    foreach (var parseError in parseResult.Errors) CommandFailure.Report(invocation.Error, parseError.Message);
    return CommandFailure.ExitCode;
}

try
{
    return await parseResult.InvokeAsync(invocation);
}
catch (Exception e)
{
    return CommandFailure.Report(invocation.Error, e.Message);
}
