using System.CommandLine;
using System.CommandLine.Parsing;
using System.Net;
using Coxswain.KubeControllers;
using Coxswain.LocalCluster.Server;
using k8s;

namespace Coxswain.Cli.Commands;

/// <summary>
/// <c>coxswain up</c>: runs the local Kubernetes API server and the built-in workload controllers (ReplicaSet,
/// Deployment, DaemonSet) in the foreground until Ctrl-C or SIGTERM, then shuts them down gracefully (in-flight
/// requests finish, the store is closed, the data directory unlocked).
/// </summary>
internal sealed class UpCommand : Command
{
    /// <summary>How long a stop request may take before the process exits anyway.</summary>
    public static readonly TimeSpan GracefulShutdownTimeout = TimeSpan.FromSeconds(30);

    readonly Option<string> _dataDirectory = new("--data-dir")
    {
        Description = "Directory for the cluster's state, certificates, token and kubeconfig.",
        HelpName = "DIR",
        DefaultValueFactory = _ => new LocalClusterOptions().DataDir,
    };

    readonly Option<int> _port = new("--port")
    {
        Description = "Port to serve HTTPS on (0 picks a free one).",
        HelpName = "N",
        DefaultValueFactory = _ => new LocalClusterOptions().Port,
    };

    readonly Option<string> _address = new("--address")
    {
        Description = "IP address to listen on.",
        HelpName = "IP",
        DefaultValueFactory = _ => new LocalClusterOptions().Address,
    };

    readonly Option<bool> _inMemory = new("--in-memory")
    {
        Description = "Keep cluster objects in memory only: they are gone when the server stops.",
    };

    readonly Option<int> _nodes = new("--nodes")
    {
        Description = "Number of simulated nodes to run pods on (0 leaves pods Pending).",
        HelpName = "N",
        DefaultValueFactory = _ => new LocalClusterOptions().Nodes,
    };

    public UpCommand() : base("up", "Run a local Kubernetes API server until interrupted (Ctrl-C).")
    {
        _port.Validators.Add(RequireValidPort);
        _address.Validators.Add(RequireIpAddress);
        _nodes.Validators.Add(RequireNodeCount);
        Add(_dataDirectory);
        Add(_port);
        Add(_address);
        Add(_inMemory);
        Add(_nodes);
        SetAction(RunAsync);
    }

    async Task<int> RunAsync(ParseResult parseResult, CancellationToken stopRequested)
    {
        var options = new LocalClusterOptions
        {
            DataDir = Path.GetFullPath(parseResult.GetRequiredValue(_dataDirectory)),
            Port = parseResult.GetValue(_port),
            Address = parseResult.GetRequiredValue(_address),
            InMemory = parseResult.GetValue(_inMemory),
            Nodes = parseResult.GetValue(_nodes),
        };
        var output = parseResult.InvocationConfiguration.Output;
        var error = parseResult.InvocationConfiguration.Error;
        using var loggerFactory = ConsoleLogging.Create();

        LocalApiServer server;
        try
        {
            server = await LocalApiServer.StartAsync(options, loggerFactory, stopRequested);
        }
        catch (OperationCanceledException) when (stopRequested.IsCancellationRequested)
        {
            return 0;
        }
        catch (Exception e)
        {
            return CommandFailure.Report(error, StartupFailure.Describe(e, options.Address, options.Port));
        }

        var exitCode = 0;
        await using (server)
        {
            // kube-controller-manager's workload controllers, a client of the API like any other (kubeconfig, token,
            // HTTP requests and watches) whose requests are served in memory, as they live in this process; stopped
            // before the server is.
            using var controllerClient = server.CreateInProcessClient();
            await using var controllers = new KubeControllerManager(controllerClient, loggerFactory).Start();
            if (options.Nodes > 0)
            {
                // Coxswain's own components, installed from the same manifests a real cluster gets; they need nodes to run on.
                output.WriteLine($"installing kruise-controller-manager (namespace {Manifests.Kruise.KruiseNames.Namespace}) ...");
                await LocalInstallation.ApplyAsync(controllerClient, BuildVersion.Current, stopRequested);
            }
            // Pasteable as is: the comment after '#' is ignored by the shell.
            output.WriteLine($"export KUBECONFIG={ShellQuoting.Quote(server.KubeconfigPath)}  # API server at {server.BaseAddress.GetLeftPart(UriPartial.Authority)}; Ctrl-C stops it");
            try
            {
                await server.Completion.WaitAsync(stopRequested);
            }
            catch (OperationCanceledException) when (stopRequested.IsCancellationRequested)
            {
                // Ctrl-C / SIGTERM: the normal way to stop; disposing the server below is the graceful part.
            }
            catch (Exception e)
            {
                exitCode = CommandFailure.Report(error, $"API server stopped: {e.Message}");
            }
        }
        return exitCode;
    }

    static void RequireValidPort(OptionResult result)
    {
        if (result.GetValueOrDefault<int>() is < IPEndPoint.MinPort or > IPEndPoint.MaxPort)
            result.AddError($"invalid port {result.GetValueOrDefault<int>()}: must be between {IPEndPoint.MinPort} and {IPEndPoint.MaxPort}");
    }

    /// <summary>Pod CIDRs are carved out of 10.244.0.0/14 per node: at most 1023 nodes fit.</summary>
    static void RequireNodeCount(OptionResult result)
    {
        if (result.GetValueOrDefault<int>() is < 0 or > 1023)
            result.AddError($"invalid node count {result.GetValueOrDefault<int>()}: must be between 0 and 1023");
    }

    static void RequireIpAddress(OptionResult result)
    {
        var address = result.GetValueOrDefault<string>();
        if (!IPAddress.TryParse(address, out _))
            result.AddError($"invalid IP address \"{address}\" for --address");
    }
}
