using System.Globalization;

namespace Coxswain.Bench.Runner;

/// <summary>
/// The command line after the benchmark names: <c>--key value</c> pairs and bare <c>--flag</c>s, shared by all benchmarks.
/// Each benchmark reads the keys it understands and supplies its own defaults.
/// </summary>
public sealed class BenchOptions
{
    readonly Dictionary<string, string?> values = new(StringComparer.OrdinalIgnoreCase);

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (var i = 0; i < args.Count; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal)) throw new ArgumentException($"unexpected argument '{args[i]}'");
            var key = args[i][2..];
            var hasValue = i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            options.values[key] = hasValue ? args[++i] : null;
        }
        return options;
    }

    public int Int(string key, int fallback) =>
        values.TryGetValue(key, out var v) && v is not null ? int.Parse(v, CultureInfo.InvariantCulture) : fallback;

    public TimeSpan Seconds(string key, double fallback) =>
        TimeSpan.FromSeconds(values.TryGetValue(key, out var v) && v is not null ? double.Parse(v, CultureInfo.InvariantCulture) : fallback);

    public bool Flag(string key) => values.ContainsKey(key);
}
