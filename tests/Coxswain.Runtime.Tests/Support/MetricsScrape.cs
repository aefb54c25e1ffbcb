using System.Globalization;
using System.Text;
using Prometheus;

namespace Coxswain.Runtime.Tests.Support;

/// <summary>
/// A scrape of a registry in the Prometheus text format, so tests check the exact series names and labels a real
/// Prometheus would see rather than prometheus-net's object model.
/// </summary>
internal sealed class MetricsScrape
{
    private readonly Dictionary<string, double> _samples = new(StringComparer.Ordinal);

    private MetricsScrape(string text)
    {
        Text = text;
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var split = line.LastIndexOf(' ');
            _samples[line[..split]] = double.Parse(line[(split + 1)..], CultureInfo.InvariantCulture);
        }
    }

    public string Text { get; }

    public static async Task<MetricsScrape> TakeAsync(CollectorRegistry registry)
    {
        using var stream = new MemoryStream();
        await registry.CollectAndExportAsTextAsync(stream);
        return new MetricsScrape(Encoding.UTF8.GetString(stream.ToArray()));
    }

    /// <summary>The value of the series <paramref name="name"/> with exactly these labels, in the given order; null if absent.</summary>
    public double? Value(string name, params (string Name, string Value)[] labels)
    {
        var key = labels.Length == 0
            ? name
            : $"{name}{{{string.Join(",", labels.Select(l => $"{l.Name}=\"{l.Value}\""))}}}";
        return _samples.TryGetValue(key, out var value) ? value : null;
    }

    /// <summary>All series whose name starts with <paramref name="prefix"/>, for diagnostics in failed assertions.</summary>
    public IEnumerable<string> SeriesStartingWith(string prefix) => _samples.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal));
}
