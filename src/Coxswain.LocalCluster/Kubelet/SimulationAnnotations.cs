using System.Globalization;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Kubelet;

/// <summary>How one simulated container behaves, from the pod's <c>simulation.coxswain.io/</c> annotations.</summary>
public sealed record ContainerBehaviour(
    TimeSpan ReadinessDelay,
    TimeSpan? CrashAfter,
    int CrashExitCode,
    int? CrashSignal,
    TimeSpan? LivenessFailureAfter,
    int ImagePullFailures,
    string? CorePattern)
{
    public static readonly ContainerBehaviour Default = new(TimeSpan.Zero, null, 1, null, null, 0, null);
}

/// <summary>
/// The per-pod behaviour annotations of the simulated kubelet (documented in the README). A key may be narrowed to one
/// container with a <c>.{container}</c> suffix (<c>simulation.coxswain.io/crash-after.sidecar</c>), which wins over the
/// pod-wide key; pod-wide keys apply to app containers and sidecars, not to init containers. Durations are seconds
/// ("2", "0.5") or Go durations ("500ms", "1m"); values that do not parse are ignored.
/// </summary>
public sealed class SimulationAnnotations(JsonObject? annotations)
{
    public const string Prefix = "simulation.coxswain.io/";
    public const string StartDelayKey = Prefix + "start-delay";
    public const string ReadinessDelayKey = Prefix + "readiness-delay";
    public const string CrashAfterKey = Prefix + "crash-after";
    public const string ExitCodeKey = Prefix + "exit-code";
    public const string SignalKey = Prefix + "signal";
    public const string LivenessFailureAfterKey = Prefix + "liveness-failure-after";
    public const string ImagePullFailureKey = Prefix + "image-pull-failure";
    public const string CorePatternKey = Prefix + "core-pattern";

    /// <summary>Extra time the pod spends in ContainerCreating before its containers start.</summary>
    public TimeSpan StartDelay => Duration(annotations.Str(StartDelayKey)) ?? TimeSpan.Zero;

    public ContainerBehaviour For(string container, bool initContainer)
    {
        string? Value(string key) => annotations.Str($"{key}.{container}") ?? (initContainer ? null : annotations.Str(key));
        var signal = Value(SignalKey) is { } s ? Signals.Parse(s) : null;
        return new ContainerBehaviour(
            ReadinessDelay: Duration(Value(ReadinessDelayKey)) ?? TimeSpan.Zero,
            CrashAfter: Duration(Value(CrashAfterKey)),
            CrashExitCode: int.TryParse(Value(ExitCodeKey), NumberStyles.Integer, CultureInfo.InvariantCulture, out var code) ? code : 1,
            CrashSignal: signal,
            LivenessFailureAfter: Duration(Value(LivenessFailureAfterKey)),
            ImagePullFailures: PullFailures(Value(ImagePullFailureKey)),
            CorePattern: Value(CorePatternKey));
    }

    /// <summary>"true" fails every pull; a number fails that many attempts and then lets the pull succeed.</summary>
    static int PullFailures(string? value) =>
        value is null ? 0
        : bool.TryParse(value, out var always) ? (always ? int.MaxValue : 0)
        : int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) && count > 0 ? count : 0;

    public static TimeSpan? Duration(string? value)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        value = value.Trim();
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
            return seconds >= 0 ? TimeSpan.FromSeconds(seconds) : null;
        (string Suffix, double Seconds)[] units = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)];
        foreach (var (suffix, unit) in units)
            if (value.EndsWith(suffix, StringComparison.Ordinal) &&
                double.TryParse(value[..^suffix.Length], NumberStyles.Float, CultureInfo.InvariantCulture, out var amount) && amount >= 0)
                return TimeSpan.FromSeconds(amount * unit);
        return null;
    }
}
