using Microsoft.Extensions.Logging;

namespace Coxswain.Runtime.Webhooks;

/// <summary>The webhook server's log lines (category <c>Coxswain.Runtime.Webhooks</c>); controller-runtime's wording where it has one.</summary>
internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 600, Level = LogLevel.Information, Message = "Registering webhook {Path} ({Type})")]
    public static partial void Registering(ILogger logger, string path, string type);

    [LoggerMessage(EventId = 601, Level = LogLevel.Information, Message = "Serving webhook server on {Address}")]
    public static partial void Serving(ILogger logger, Uri address);

    [LoggerMessage(EventId = 602, Level = LogLevel.Debug,
        Message = "Admission request {Uid} {Operation} {Kind} {Namespace}/{Name} on {Webhook}: allowed={Allowed} code={Code} patchOperations={PatchOperations}")]
    public static partial void Handled(
        ILogger logger, string webhook, string uid, string operation, string kind, string? @namespace, string? name, bool allowed, int code, int patchOperations);

    [LoggerMessage(EventId = 603, Level = LogLevel.Information, Message = "Webhook {Webhook} denied {Operation} {Kind} {Namespace}/{Name}: {Message}")]
    public static partial void Denied(ILogger logger, string webhook, string operation, string kind, string? @namespace, string? name, string? message);

    [LoggerMessage(EventId = 604, Level = LogLevel.Error, Message = "Webhook {Webhook} failed on request {Uid}")]
    public static partial void HandlerFailed(ILogger logger, string webhook, string uid, Exception exception);

    [LoggerMessage(EventId = 605, Level = LogLevel.Warning, Message = "Webhook {Webhook} got a bad request: {Reason}")]
    public static partial void BadRequest(ILogger logger, string webhook, string reason);

    [LoggerMessage(EventId = 610, Level = LogLevel.Information,
        Message = "Generated webhook certificates for {Hosts} (new CA: {NewCa}), serving certificate valid until {NotAfter:o}, stored in Secret {Namespace}/{Secret}")]
    public static partial void Generated(ILogger logger, string hosts, bool newCa, DateTimeOffset notAfter, string @namespace, string secret);

    [LoggerMessage(EventId = 611, Level = LogLevel.Information, Message = "Loaded webhook serving certificate from {Source}, valid until {NotAfter:o}, rotation at {RenewAt:o}")]
    public static partial void Loaded(ILogger logger, string source, DateTimeOffset notAfter, DateTimeOffset renewAt);

    [LoggerMessage(EventId = 612, Level = LogLevel.Information, Message = "Webhook serving certificate expires at {NotAfter:o} (renew before {RenewBefore}): rotating")]
    public static partial void Rotating(ILogger logger, DateTimeOffset notAfter, TimeSpan renewBefore);

    [LoggerMessage(EventId = 613, Level = LogLevel.Information, Message = "Another replica wrote Secret {Namespace}/{Secret} first; using its certificates")]
    public static partial void LostRace(ILogger logger, string @namespace, string secret);

    [LoggerMessage(EventId = 614, Level = LogLevel.Warning, Message = "Webhook certificates not ready, retrying in {Delay}: {Reason}")]
    public static partial void CertificateFailed(ILogger logger, TimeSpan delay, string reason);

    [LoggerMessage(EventId = 615, Level = LogLevel.Warning, Message = "Could not write webhook certificates to {Directory}: {Reason}")]
    public static partial void CertDirWriteFailed(ILogger logger, string directory, string reason);

    [LoggerMessage(EventId = 620, Level = LogLevel.Information, Message = "Injected caBundle into {Count} webhook(s) of {Kind} {Name}")]
    public static partial void CaBundleInjected(ILogger logger, string kind, string name, int count);

    [LoggerMessage(EventId = 621, Level = LogLevel.Warning, Message = "Cannot inject caBundle: {Kind} {Name} not found (retried every refresh)")]
    public static partial void CaBundleTargetMissing(ILogger logger, string kind, string name);

    [LoggerMessage(EventId = 622, Level = LogLevel.Warning, Message = "Failed to inject caBundle into {Kind} {Name}: {Reason}")]
    public static partial void CaBundleInjectionFailed(ILogger logger, string kind, string name, string reason);
}
