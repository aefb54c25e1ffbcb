using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;

namespace Coxswain.LocalCluster.Validation.Kinds.Pods;

/// <summary>Probes and lifecycle hooks: exactly one handler, well-formed ports and paths, sane thresholds.</summary>
public static class ProbeValidation
{
    public static IEnumerable<FieldError> ValidateLiveness(JsonObject? probe, long? gracePeriod, FieldPath path) =>
        probe is null ? [] : ValidateProbe(probe, gracePeriod, path).Concat(SuccessThresholdMustBeOne(probe, path));

    public static IEnumerable<FieldError> ValidateStartup(JsonObject? probe, long? gracePeriod, FieldPath path) =>
        probe is null ? [] : ValidateProbe(probe, gracePeriod, path).Concat(SuccessThresholdMustBeOne(probe, path));

    public static IEnumerable<FieldError> ValidateReadiness(JsonObject? probe, long? gracePeriod, FieldPath path)
    {
        if (probe is null) yield break;
        foreach (var e in ValidateProbe(probe, gracePeriod, path)) yield return e;
        if (probe["terminationGracePeriodSeconds"] is { } grace)
            yield return FieldError.Invalid(path.Child("terminationGracePeriodSeconds"), grace, "must not be set for readinessProbes");
    }

    public static IEnumerable<FieldError> ValidateLifecycle(JsonObject lifecycle, long? gracePeriod, FieldPath path)
    {
        foreach (var hook in (string[])["postStart", "preStop"])
            if (lifecycle.Obj(hook) is { } handler)
                foreach (var e in ValidateHandler(handler, gracePeriod, path.Child(hook), allowSleep: true, allowGrpc: false)) yield return e;
    }

    static IEnumerable<FieldError> SuccessThresholdMustBeOne(JsonObject probe, FieldPath path)
    {
        if (probe.Long("successThreshold") is not 1)
            yield return FieldError.Invalid(path.Child("successThreshold"), probe.Long("successThreshold") ?? 0, "must be 1");
    }

    static IEnumerable<FieldError> ValidateProbe(JsonObject probe, long? gracePeriod, FieldPath path)
    {
        foreach (var e in ValidateHandler(probe, gracePeriod, path, allowSleep: false, allowGrpc: true)) yield return e;
        foreach (var counter in (string[])["initialDelaySeconds", "timeoutSeconds", "periodSeconds", "successThreshold", "failureThreshold"])
            if (probe.Long(counter) is < 0 and var value)
                yield return FieldError.Invalid(path.Child(counter), value, ValidationText.NonNegative);
        if (probe.Long("terminationGracePeriodSeconds") is <= 0 and var grace)
            yield return FieldError.Invalid(path.Child("terminationGracePeriodSeconds"), grace, "must be greater than 0");
    }

    static IEnumerable<FieldError> ValidateHandler(JsonObject handler, long? gracePeriod, FieldPath path, bool allowSleep, bool allowGrpc)
    {
        var handlers = 0;
        foreach (var kind in (string[])["exec", "httpGet", "tcpSocket", "grpc", "sleep"])
        {
            if ((kind == "sleep" && !allowSleep) || (kind == "grpc" && !allowGrpc) || handler.Obj(kind) is not { } action) continue;
            if (handlers++ > 0)
            {
                yield return FieldError.Forbidden(path.Child(kind), "may not specify more than 1 handler type");
                continue;
            }
            var actionPath = path.Child(kind);
            var errors = kind switch
            {
                "exec" => action.Arr("command") is { Count: > 0 } ? [] : [FieldError.Required(actionPath.Child("command"))],
                "httpGet" => ValidateHttpGet(action, actionPath),
                "tcpSocket" => ValidatePortNumOrName(action["port"], actionPath.Child("port")),
                "grpc" => ValidatePortNumOrName(action["port"], actionPath.Child("port")),
                _ => ValidateSleep(action, gracePeriod, actionPath),
            };
            foreach (var e in errors) yield return e;
        }
        if (handlers == 0) yield return FieldError.Required(path, "must specify a handler type");
    }

    static IEnumerable<FieldError> ValidateHttpGet(JsonObject httpGet, FieldPath path)
    {
        if (httpGet.StrOrEmpty("path").Length == 0) yield return FieldError.Required(path.Child("path"));
        foreach (var e in ValidatePortNumOrName(httpGet["port"], path.Child("port"))) yield return e;
        var scheme = httpGet.StrOrEmpty("scheme");
        if (scheme is not ("HTTP" or "HTTPS")) yield return FieldError.NotSupported(path.Child("scheme"), scheme, ["HTTP", "HTTPS"]);
        foreach (var (_, header) in httpGet.Arr("httpHeaders").Objects())
            foreach (var m in ValueFormats.IsHttpHeaderName(header.StrOrEmpty("name")))
                yield return FieldError.Invalid(path.Child("httpHeaders"), header.StrOrEmpty("name"), m);
    }

    static IEnumerable<FieldError> ValidateSleep(JsonObject sleep, long? gracePeriod, FieldPath path)
    {
        var seconds = sleep.Long("seconds") ?? 0;
        if (gracePeriod is { } grace && (seconds < 0 || seconds > grace))
            yield return FieldError.Invalid(path, seconds, $"must be non-negative and less than terminationGracePeriodSeconds ({grace})");
    }

    /// <summary>ValidatePortNumOrName: an IntOrString port, a number in range or an IANA service name.</summary>
    public static IEnumerable<FieldError> ValidatePortNumOrName(JsonNode? port, FieldPath path)
    {
        if (port is JsonValue v && v.GetValueKind() == JsonValueKind.String)
        {
            var name = v.GetValue<string>();
            return ValueFormats.IsValidPortName(name).Select(m => FieldError.Invalid(path, name, m));
        }
        var number = port is JsonValue n ? JsonFields.AsLong(n) ?? 0 : 0;
        return ValueFormats.IsValidPortNum(number).Select(m => FieldError.Invalid(path, number, m));
    }
}
