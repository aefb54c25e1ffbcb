using System.Collections.Frozen;

namespace Coxswain.Kruise.FeatureGates;

/// <summary>
/// The manager's effective feature gates: OpenKruise's defaults, the user's <c>--feature-gates</c> on top, then the
/// dependencies between gates. Parsing follows Kubernetes' component-base, so a mistake reads the same as upstream's
/// (<c>unrecognized feature gate: Foo</c>, <c>missing bool value for Foo</c>, <c>invalid value of Foo=yes, ...</c>).
/// </summary>
public sealed class FeatureGateSet
{
    readonly FrozenDictionary<string, bool> enabled;

    FeatureGateSet(Dictionary<string, bool> enabled) => this.enabled = enabled.ToFrozenDictionary();

    public static FeatureGateSet Defaults { get; } = Parse("");

    public bool Enabled(string gate) =>
        enabled.TryGetValue(gate, out var on) ? on : throw new ArgumentException($"feature \"{gate}\" is not registered in FeatureGate", nameof(gate));

    /// <summary>Every gate and its effective value, sorted by name (what the manager logs at start).</summary>
    public IEnumerable<KeyValuePair<string, bool>> All => enabled.OrderBy(g => g.Key, StringComparer.Ordinal);

    /// <summary>Parses <c>A=true,B=false</c>; throws <see cref="FormatException"/> with component-base's message.</summary>
    public static FeatureGateSet Parse(string value)
    {
        var gates = KruiseFeatures.All.ToDictionary(g => g.Name, g => g.Default);
        foreach (var pair in value.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = pair.Split('=', 2);
            var name = parts[0].Trim();
            if (name.Length == 0) continue;
            if (parts.Length != 2) throw new FormatException($"missing bool value for {name}");
            var text = parts[1].Trim();
            if (!TryParseGoBool(text, out var on))
                throw new FormatException($"invalid value of {name}={text}, err: strconv.ParseBool: parsing \"{text}\": invalid syntax");
            if (!gates.ContainsKey(name)) throw new FormatException($"unrecognized feature gate: {name}");
            gates[name] = on;
        }
        ApplyDependencies(gates);
        return new FeatureGateSet(gates);
    }

    static void ApplyDependencies(Dictionary<string, bool> gates)
    {
        foreach (var (gate, dependents) in KruiseFeatures.OnWhenEnabled)
            if (gates[gate]) foreach (var d in dependents) gates[d] = true;
        foreach (var (gate, dependents) in KruiseFeatures.OffWhenDisabled)
            if (!gates[gate]) foreach (var d in dependents) gates[d] = false;
    }

    /// <summary>Go's strconv.ParseBool: 1, t, T, TRUE, true, True and their false counterparts.</summary>
    static bool TryParseGoBool(string text, out bool value)
    {
        switch (text)
        {
            case "1" or "t" or "T" or "TRUE" or "true" or "True": value = true; return true;
            case "0" or "f" or "F" or "FALSE" or "false" or "False": value = false; return true;
            default: value = false; return false;
        }
    }
}
