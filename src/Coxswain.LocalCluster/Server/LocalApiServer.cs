using System.Net;
using Coxswain.LocalCluster.Admission;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Controllers;
using Coxswain.LocalCluster.CustomResources;
using Coxswain.LocalCluster.Http;
using Coxswain.LocalCluster.Kubelet;
using Coxswain.LocalCluster.Nodes;
using Coxswain.LocalCluster.Scheduling;
using Coxswain.LocalCluster.Storage;
using k8s;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;

namespace Coxswain.LocalCluster.Server;

/// <summary>
/// The local cluster's API server: owns the data directory (lock, PKI, token, kubeconfig, SQLite store), serves the
/// Kubernetes API over HTTPS with Kestrel, creates the default objects and runs the built-in controllers.
/// Start it with <see cref="StartAsync"/>; dispose it to stop (in-flight requests finish, watches end).
/// </summary>
public sealed class LocalApiServer : IAsyncDisposable
{
    readonly WebApplication app;
    /// <summary>The in-memory host of the request pipeline for in-process clients.</summary>
    WebApplication? inProcess;
    readonly ClusterCertificates certificates;
    readonly DataDirectoryLock dataLock;
    readonly CancellationTokenSource stopping;
    readonly List<Task> controllers = new();

    public Uri BaseAddress { get; }
    public string KubeconfigPath { get; }
    public string Token { get; }
    public string CertificateAuthorityPem => certificates.AuthorityPem;
    public ResourceStorage Storage { get; }
    public ObjectStore Store => Storage.Store;
    /// <summary>The simulated nodes: stop, start, taint, add and remove nodes (failure tests, demos); null when started with no nodes.</summary>
    public SimulatedNodes? Nodes { get; private set; }
    public Task Completion { get; }

    LocalApiServer(WebApplication app, ClusterCertificates certificates, DataDirectoryLock dataLock, Uri baseAddress,
        string kubeconfigPath, string token, ResourceStorage storage, CancellationTokenSource stopping)
    {
        this.app = app;
        this.stopping = stopping;
        this.certificates = certificates;
        this.dataLock = dataLock;
        BaseAddress = baseAddress;
        KubeconfigPath = kubeconfigPath;
        Token = token;
        Storage = storage;
        Completion = app.WaitForShutdownAsync();
    }

    public static async Task<LocalApiServer> StartAsync(LocalClusterOptions options, ILoggerFactory? loggerFactory = null, CancellationToken ct = default)
    {
        loggerFactory ??= NullLoggerFactory.Instance;
        var dataLock = DataDirectoryLock.Acquire(options.DataDir);
        ClusterCertificates? certificates = null;
        ObjectStore? store = null;
        // Cancelled first thing on dispose: stops the controllers and ends open watches.
        var stopping = new CancellationTokenSource();
        try
        {
            certificates = ClusterCertificates.LoadOrCreate(options.DataDir, [options.Address]);
            var token = AccessToken.LoadOrCreate(options.DataDir);

            var catalog = ResourceCatalog.WithBuiltIns();
            var attributes = new ObjectAttributesFactory(catalog);
            IRevisionLog log = options.InMemory ? new MemoryRevisionLog() : new SqliteRevisionLog(Path.Combine(options.DataDir, "state.db"));
            store = new ObjectStore(log, attributes.Compute, options.Store);
            var metrics = new ApiMetrics();
            // Admission webhooks: every write consults the stored webhook configurations; their metrics share /metrics.
            var admission = new WebhookAdmission(store, catalog, new AdmissionMetrics(metrics.Registry), loggerFactory.CreateLogger<WebhookAdmission>());
            var storage = new ResourceStorage(store, catalog, new ObjectStrategies(new BuiltInStrategy(new ServiceIpAllocator(store)), new CustomResourceStrategy()))
            {
                Admission = admission,
                Conversion = new VersionConverter(admission.HttpCaller),
            };
            CrdController.ServeAll(storage, store.Current);

            var tables = new TableRenderer();
            var containerLogs = new ContainerLogBook();
            var handler = new ApiHandler(storage, new ObjectFilterFactory(), tables, new WatchResponder(store, tables, options.Watch, stopping.Token), new PatchApplier())
            {
                ContainerLogs = containerLogs,
                PortForward = new PodPortForwardEndpoint(storage, new Kubelet.Processes.PodPortForwarder(options.ProcessContainers.LoopbackSecondOctet),
                    loggerFactory.CreateLogger<PodPortForwardEndpoint>(), stopping.Token),
            };
            var ready = false;
            var router = new ApiRouter(handler, new DiscoveryDocuments(catalog), new OpenApiEndpoint(catalog, ApiRouter.GitVersion), metrics,
                token.IsPresentedIn, () => Volatile.Read(ref ready), loggerFactory.CreateLogger<ApiRouter>());

            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(loggerFactory);
            builder.Services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
            // The embedding process owns Ctrl-C/SIGTERM (the CLI stops us through DisposeAsync); ASP.NET's console
            // lifetime would otherwise swallow the signal and leave the process running.
            builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
            var serving = certificates.ServingCertificate;
            builder.WebHost.UseKestrel(kestrel =>
            {
                kestrel.Limits.MaxRequestBodySize = 4 * 1024 * 1024;
                kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
                // Warning headers quote client input, which may be any Unicode; Go's server sends such headers as UTF-8,
                // where Kestrel's ASCII default would fail the request.
                kestrel.ResponseHeaderEncodingSelector = _ => System.Text.Encoding.UTF8;
                kestrel.Listen(IPAddress.Parse(options.Address), options.Port, listen =>
                {
                    listen.Protocols = HttpProtocols.Http1AndHttp2;
                    listen.UseHttps(serving);
                });
            });
            var app = builder.Build();
            app.Run(router.HandleAsync);
            await app.StartAsync(ct).ConfigureAwait(false);
            var inProcess = await StartInProcessPipelineAsync(router, ct).ConfigureAwait(false);

            // Port 0 means "any free port": the kubeconfig must name the one actually bound.
            var bound = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            var baseAddress = new UriBuilder("https", options.Address, bound.Port).Uri;
            var kubeconfig = KubeconfigWriter.Write(options.DataDir, baseAddress, certificates.AuthorityPem, token);
            var server = new LocalApiServer(app, certificates, dataLock, baseAddress, kubeconfig, token.Value, storage, stopping) { inProcess = inProcess };

            // One recorder for every in-process component, as they all write core/v1 Events the same way.
            var events = new EventRecorder(storage, loggerFactory.CreateLogger<EventRecorder>(), options.NodeSimulation.Time);
            server.controllers.Add(events.Run(server.stopping.Token));
            server.controllers.Add(new CrdController(storage, loggerFactory.CreateLogger<CrdController>()).Run(server.stopping.Token));
            server.controllers.Add(new GarbageCollector(storage, loggerFactory.CreateLogger<GarbageCollector>()).Run(server.stopping.Token));
            server.controllers.Add(new EndpointsController(storage, loggerFactory.CreateLogger<EndpointsController>()).Run(server.stopping.Token));
            server.controllers.Add(new NamespaceController(storage, loggerFactory.CreateLogger<NamespaceController>()).Run(server.stopping.Token));
            server.controllers.Add(new DisruptionController(storage, events, loggerFactory.CreateLogger<DisruptionController>()).Run(server.stopping.Token));
            await ClusterBootstrap.RunAsync(storage, options.Address, bound.Port).ConfigureAwait(false);
            if (options.Nodes > 0) server.StartNodeComponents(options, events, containerLogs, loggerFactory);
            Volatile.Write(ref ready, true);
            return server;
        }
        catch
        {
            if (store is not null) await store.DisposeAsync().ConfigureAwait(false);
            certificates?.Dispose();
            dataLock.Dispose();
            stopping.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The parts of the cluster that make pods run: kube-scheduler, the node lifecycle, taint eviction and pod GC
    /// controllers of kube-controller-manager, and the simulated nodes with their kubelets. Started after the bootstrap
    /// objects exist (kube-node-lease holds the node heartbeats); not at all without nodes, so that a bare API server
    /// (as envtest's) has no writer but its clients.
    /// </summary>
    void StartNodeComponents(LocalClusterOptions options, EventRecorder events, ContainerLogBook containerLogs, ILoggerFactory loggerFactory)
    {
        var ct = stopping.Token;
        controllers.Add(new Scheduler(Storage, events, options.Scheduler, loggerFactory.CreateLogger<Scheduler>()).Run(ct));
        controllers.Add(new NodeLifecycleController(Storage, events, options.NodeLifecycle, loggerFactory.CreateLogger<NodeLifecycleController>()).Run(ct));
        controllers.Add(new TaintEvictionController(Storage, events, options.NodeLifecycle, loggerFactory.CreateLogger<TaintEvictionController>()).Run(ct));
        controllers.Add(new PodGarbageCollector(Storage, options.NodeLifecycle, loggerFactory.CreateLogger<PodGarbageCollector>()).Run(ct));
        var processes = new Kubelet.Processes.ProcessRuntime(options.ProcessContainers,
            new Kubelet.Processes.ClusterEndpoint(BaseAddress, CertificateAuthorityPem, Token), options.DataDir);
        Nodes = new SimulatedNodes(Storage, events, options.Nodes, options.NodeSimulation, options.DataDir, containerLogs, processes,
            loggerFactory.CreateLogger<SimulatedNodes>());
        controllers.Add(Nodes.Run(ct));
    }

    /// <summary>
    /// The same request pipeline as the HTTPS listener, hosted in memory (ASP.NET Core's TestServer) for clients in this
    /// process; see <see cref="CreateInProcessClient"/>.
    /// </summary>
    static async Task<WebApplication> StartInProcessPipelineAsync(ApiRouter router, CancellationToken ct)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<IHostLifetime, EmbeddedHostLifetime>();
        builder.WebHost.UseTestServer();
        var app = builder.Build();
        app.Run(router.HandleAsync);
        await app.StartAsync(ct).ConfigureAwait(false);
        return app;
    }

    /// <summary>
    /// A client for a component running in this process (kube-controller-manager in <c>coxswain up</c>): configured from
    /// the kubeconfig like any client (server URL, bearer token), its requests served in memory by the same pipeline
    /// (<see cref="InProcessTransport"/>). The caller disposes it.
    /// </summary>
    public Kubernetes CreateInProcessClient() =>
        new(KubernetesClientConfiguration.BuildConfigFromConfigFile(KubeconfigPath), new InProcessTransport(inProcess!.GetTestServer().CreateHandler()));

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        using (var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
        {
            try { await app.StopAsync(timeout.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
        if (inProcess is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try { await inProcess.StopAsync(timeout.Token).ConfigureAwait(false); }
            catch (OperationCanceledException) { }
        }
        await Task.WhenAll(controllers).ConfigureAwait(false);
        if (inProcess is not null) await inProcess.DisposeAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
        await Store.DisposeAsync().ConfigureAwait(false);
        (Storage.Admission as IDisposable)?.Dispose(); // webhook HTTP clients
        certificates.Dispose();
        dataLock.Dispose();
        stopping.Dispose();
    }
}

/// <summary>A host lifetime that listens to no signals: the embedding application decides when the server stops.</summary>
sealed class EmbeddedHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
