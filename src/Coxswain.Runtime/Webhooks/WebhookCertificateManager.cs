using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Coxswain.Runtime.Client;
using Coxswain.Runtime.Hosting;
using Coxswain.Runtime.Watchers;
using k8s;
using k8s.Models;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Coxswain.Runtime.Webhooks;

/// <summary>
/// Keeps the webhook serving certificate current, on every replica. Self-managed (a Secret is named): reuses the CA and
/// certificate stored in the Secret when they cover the Service's names and are not due for renewal, otherwise issues new
/// ones (keeping a CA that is still good, so <c>caBundle</c> stays put) and stores them — the first replica to write
/// wins, the others adopt its certificates; then writes them to the cert directory and patches <c>caBundle</c> into the
/// named configurations. Otherwise: loads the certificate files from the cert directory. Either way it looks again every
/// refresh interval and at the renewal time, and <see cref="Current"/> changes without a restart (Kestrel asks for it on
/// every TLS handshake). Self-managed, it also watches the Secret and the named webhook configurations and looks again
/// as soon as one changes — a deleted Secret or an edited <c>caBundle</c> is repaired at once, as OpenKruise's webhook
/// controller does.
/// </summary>
public sealed class WebhookCertificateManager : BackgroundService
{
    private readonly WebhookServerSettings _settings;
    private readonly ResourceClient<V1Secret> _secrets;
    private readonly CaBundleInjector _injector;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly TaskCompletionSource _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly KubernetesListWatchClientFactory _watchClients;
    private readonly SemaphoreSlim _changed = new(0);
    private X509Certificate2? _current;
    private string? _currentPem;

    public WebhookCertificateManager(
        Kubernetes client, KubernetesClientConfiguration clientConfiguration, IOptions<ManagerOptions> options, ILoggerFactory loggerFactory, TimeProvider? time = null)
    {
        _settings = options.Value.Webhook;
        Namespace = _settings.ServiceNamespace ?? (string.IsNullOrEmpty(clientConfiguration.Namespace) ? "default" : clientConfiguration.Namespace);
        _secrets = new ResourceClient<V1Secret>(client);
        _watchClients = new KubernetesListWatchClientFactory(client);
        _logger = loggerFactory.CreateLogger("Coxswain.Runtime.Webhooks");
        _injector = new CaBundleInjector(
            client, _settings.MutatingWebhookConfigurations, _settings.ValidatingWebhookConfigurations, _settings.ConversionCustomResourceDefinitions, _logger);
        _time = time ?? TimeProvider.System;
        Hosts = _settings.ServiceName is { Length: > 0 } service
            ? CertificateAuthority.HostsFor(service, Namespace, _settings.ExtraHosts)
            : [.. _settings.ExtraHosts];
    }

    /// <summary>Namespace of the Service and the Secret.</summary>
    public string Namespace { get; }

    /// <summary>The names the self-managed certificate covers.</summary>
    public IReadOnlyList<string> Hosts { get; }

    /// <summary>The certificate to serve now; null until the first one is ready.</summary>
    public X509Certificate2? Current => Volatile.Read(ref _current);

    /// <summary>Completes when the first certificate is ready.</summary>
    public Task Ready => _ready.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var watches = WatchTargetsAsync(stoppingToken);
        var failures = new Backoff.ExponentialBackoff();
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                var renewAt = await RefreshAsync(stoppingToken).ConfigureAwait(false);
                failures.Reset();
                wait = Clamp(renewAt - _time.GetUtcNow());
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested && e is KubernetesApiException or HttpRequestException or IOException or CryptographicException)
            {
                wait = failures.NextDelay();
                WebhookLog.CertificateFailed(_logger, wait, e.Message);
            }

            if (!await WaitAsync(wait, stoppingToken).ConfigureAwait(false))
            {
                await watches.ConfigureAwait(false);
                return;
            }
        }
    }

    // Until the next look is due or a watched object changed; false once stopping.
    private async Task<bool> WaitAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var delay = Task.Delay(wait, _time, waiting.Token);
        var changed = _changed.WaitAsync(waiting.Token);
        await Task.WhenAny(delay, changed).ConfigureAwait(false);
        await waiting.CancelAsync().ConfigureAwait(false);
        try
        {
            await Task.WhenAll(delay, changed).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        return !stoppingToken.IsCancellationRequested;
    }

    private Task WatchTargetsAsync(CancellationToken stoppingToken)
    {
        if (_settings.CertSecretName is not { } secretName)
        {
            return Task.CompletedTask;
        }

        return Task.WhenAll(
        [
            WatchAsync<V1Secret>(Namespace, [secretName], stoppingToken),
            WatchAsync<V1MutatingWebhookConfiguration>(null, _settings.MutatingWebhookConfigurations, stoppingToken),
            WatchAsync<V1ValidatingWebhookConfiguration>(null, _settings.ValidatingWebhookConfigurations, stoppingToken),
        ]);
    }

    // Each change of one of the named objects (not the initial list) wakes the refresh loop once.
    private async Task WatchAsync<T>(string? @namespace, IReadOnlyCollection<string> names, CancellationToken stoppingToken)
        where T : class, IKubernetesObject<V1ObjectMeta>
    {
        if (names.Count == 0)
        {
            return;
        }

        var watcher = new ResourceWatcher<T>(
            _watchClients.Create<T>(ApiResource.For<T>(), @namespace),
            new WatcherOptions { FieldSelector = names.Count == 1 ? $"metadata.name={names.First()}" : null },
            _logger);
        try
        {
            await foreach (var change in watcher.WatchAsync(stoppingToken).ConfigureAwait(false))
            {
                if (change.Type is WatcherEventType.Apply or WatcherEventType.Delete && names.Contains(change.Object!.Metadata.Name)
                    && _changed.CurrentCount == 0)
                {
                    _changed.Release();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // One look: returns when the serving certificate should next be renewed.
    private async Task<DateTimeOffset> RefreshAsync(CancellationToken cancellationToken)
    {
        string certPem, keyPem, source;
        if (_settings.CertSecretName is { } secretName)
        {
            var certificates = await EnsureSecretAsync(secretName, cancellationToken).ConfigureAwait(false);
            WriteCertDir(certificates);
            await _injector.InjectAsync(certificates.CaCertPem, cancellationToken).ConfigureAwait(false);
            (certPem, keyPem, source) = (certificates.CertPem, certificates.KeyPem, $"Secret {Namespace}/{secretName}");
        }
        else
        {
            var directory = _settings.CertDir;
            certPem = await File.ReadAllTextAsync(Path.Combine(directory, _settings.CertName), cancellationToken).ConfigureAwait(false);
            keyPem = await File.ReadAllTextAsync(Path.Combine(directory, _settings.KeyName), cancellationToken).ConfigureAwait(false);
            source = directory;
        }

        if (certPem != _currentPem)
        {
            var certificate = X509Certificate2.CreateFromPem(certPem, keyPem);
            // The previous certificate is not disposed: a handshake may still be using it; the GC reclaims it.
            Volatile.Write(ref _current, certificate);
            _currentPem = certPem;
            WebhookLog.Loaded(_logger, source, certificate.NotAfter.ToUniversalTime(), CertificateAuthority.RenewalTime(certificate, _settings.RenewBefore));
            _ready.TrySetResult();
        }

        return CertificateAuthority.RenewalTime(_current!, _settings.RenewBefore);
    }

    private async Task<WebhookCertificates> EnsureSecretAsync(string secretName, CancellationToken cancellationToken)
    {
        while (true)
        {
            var secret = await _secrets.GetOrDefaultAsync(Namespace, secretName, cancellationToken).ConfigureAwait(false);
            var stored = WebhookCertificates.FromSecretData(secret?.Data);
            var now = _time.GetUtcNow();
            if (stored is not null && CertificateAuthority.IsCurrent(stored, Hosts, _settings.RenewBefore, now))
            {
                return stored;
            }

            var keepCa = stored is not null && CertificateAuthority.IsCaCurrent(stored, _settings.RenewBefore, now);
            if (stored is not null)
            {
                using var old = X509Certificate2.CreateFromPem(stored.CertPem);
                WebhookLog.Rotating(_logger, old.NotAfter.ToUniversalTime(), _settings.RenewBefore);
            }

            var fresh = keepCa
                ? CertificateAuthority.Issue(stored!.CaCertPem, stored.CaKeyPem, Hosts, _settings.CertificateValidity, now)
                : CertificateAuthority.CreateAll(Hosts, _settings.CaValidity, _settings.CertificateValidity, now);
            try
            {
                if (secret is null)
                {
                    await _secrets.CreateAsync(
                        new V1Secret
                        {
                            Metadata = new V1ObjectMeta { Name = secretName, NamespaceProperty = Namespace },
                            Type = "Opaque",
                            Data = fresh.ToSecretData(),
                        },
                        cancellationToken: cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    // The resourceVersion read above guards the write: a replica that rotated meanwhile wins.
                    secret.Data = fresh.ToSecretData();
                    await _secrets.ReplaceAsync(secret, cancellationToken: cancellationToken).ConfigureAwait(false);
                }
            }
            catch (KubernetesApiException e) when (e.StatusCode == HttpStatusCode.Conflict)
            {
                WebhookLog.LostRace(_logger, Namespace, secretName);
                continue;
            }

            using var issued = X509Certificate2.CreateFromPem(fresh.CertPem);
            WebhookLog.Generated(_logger, string.Join(",", Hosts), !keepCa, issued.NotAfter.ToUniversalTime(), Namespace, secretName);
            return fresh;
        }
    }

    // Best effort, for anything else in the pod that reads the files (as OpenKruise writes them); the server itself
    // serves from memory.
    private void WriteCertDir(WebhookCertificates certificates)
    {
        try
        {
            Directory.CreateDirectory(_settings.CertDir);
            WriteAtomically(Path.Combine(_settings.CertDir, _settings.CertName), certificates.CertPem);
            WriteAtomically(Path.Combine(_settings.CertDir, _settings.KeyName), certificates.KeyPem);
            WriteAtomically(Path.Combine(_settings.CertDir, "ca.crt"), certificates.CaCertPem);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            WebhookLog.CertDirWriteFailed(_logger, _settings.CertDir, e.Message);
        }
    }

    private static void WriteAtomically(string path, string content)
    {
        if (File.Exists(path) && File.ReadAllText(path) == content)
        {
            return;
        }

        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        File.WriteAllText(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }

    // Look again at the renewal time, but at least every refresh interval and never in a hot loop.
    private TimeSpan Clamp(TimeSpan untilRenewal) =>
        untilRenewal < TimeSpan.FromMilliseconds(100) ? TimeSpan.FromMilliseconds(100)
        : untilRenewal > _settings.RefreshInterval ? _settings.RefreshInterval
        : untilRenewal;
}
