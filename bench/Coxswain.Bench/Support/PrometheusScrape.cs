using System.Globalization;

namespace Coxswain.Bench.Support;

/// <summary>
/// One scrape of a Prometheus text exposition: sample values by series, and quantiles of a histogram estimated from its
/// cumulative buckets by linear interpolation inside the bucket, as PromQL's <c>histogram_quantile</c> does.
/// </summary>
public sealed class PrometheusScrape
{
    readonly Dictionary<string, double> samples;

    PrometheusScrape(Dictionary<string, double> samples) => this.samples = samples;

    /// <summary>Series written exactly as exposed, e.g. <c>process_working_set_bytes</c> or <c>name{label="x"}</c>.</summary>
    public double? Value(string series) => samples.TryGetValue(series, out var value) ? value : null;

    public static PrometheusScrape Parse(string text)
    {
        var samples = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] == '#') continue;
            var space = line.LastIndexOf(' ');
            if (space <= 0) continue;
            if (double.TryParse(line[(space + 1)..], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
                samples[line[..space]] = value;
        }
        return new PrometheusScrape(samples);
    }

    /// <summary>
    /// The cumulative buckets (upper bound, count) of histogram <paramref name="name"/> for the series whose labels,
    /// besides <c>le</c>, are <paramref name="labels"/> (as exposed, e.g. <c>controller="cloneset"</c>).
    /// </summary>
    public IReadOnlyList<(double UpperBound, double Count)> Buckets(string name, string labels)
    {
        var prefix = $"{name}_bucket{{{labels},le=\"";
        return samples.Where(s => s.Key.StartsWith(prefix, StringComparison.Ordinal))
            .Select(s => (Bound(s.Key[prefix.Length..^2]), s.Value))
            .OrderBy(b => b.Item1)
            .ToList();

        static double Bound(string le) => le == "+Inf" ? double.PositiveInfinity : double.Parse(le, CultureInfo.InvariantCulture);
    }

    /// <summary>The <paramref name="q"/>-quantile (0–1) of the observations between two scrapes of a histogram.</summary>
    public static double Quantile(double q, IReadOnlyList<(double UpperBound, double Count)> before, IReadOnlyList<(double UpperBound, double Count)> after)
    {
        var buckets = after.Select(b => (b.UpperBound, Count: b.Count - before.FirstOrDefault(p => p.UpperBound == b.UpperBound).Count)).ToList();
        if (buckets.Count == 0 || buckets[^1].Count <= 0) return double.NaN;
        var rank = q * buckets[^1].Count;
        var (lower, below) = (0.0, 0.0);
        foreach (var (upper, count) in buckets)
        {
            if (count >= rank)
            {
                // Above the highest finite bound nothing is known but that bound.
                if (double.IsPositiveInfinity(upper)) return lower;
                return count == below ? upper : lower + (upper - lower) * (rank - below) / (count - below);
            }
            (lower, below) = (upper, count);
        }
        return lower;
    }
}
