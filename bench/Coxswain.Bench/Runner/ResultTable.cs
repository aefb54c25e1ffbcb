using System.Globalization;
using System.Text;

namespace Coxswain.Bench.Runner;

/// <summary>Renders reports as one aligned plain-text table: ours, baseline, ratio and target side by side.</summary>
public static class ResultTable
{
    static readonly string[] Headers = ["benchmark", "metric", "ours", "baseline", "ratio", "target"];

    public static string Render(IReadOnlyList<BenchmarkReport> reports)
    {
        var rows = new List<string[]> { Headers };
        foreach (var report in reports)
        {
            foreach (var c in report.Comparisons)
            {
                rows.Add([
                    report.Benchmark,
                    $"{c.Metric} ({c.Unit})",
                    Number(c.Ours),
                    c.Baseline is { } b ? Number(b) : "n/a",
                    c.Ratio is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) + "x" : "",
                    c.MinRatio is { } min ? $">= {min.ToString("0.0#", CultureInfo.InvariantCulture)}x {Verdict(c)}"
                        : c.MaxRatio is { } max ? $"<= {max.ToString("0.0#", CultureInfo.InvariantCulture)}x {Verdict(c)}"
                        : "",
                ]);
            }
        }

        var widths = Enumerable.Range(0, Headers.Length).Select(col => rows.Max(row => row[col].Length)).ToArray();
        var text = new StringBuilder();
        for (var i = 0; i < rows.Count; i++)
        {
            // Text columns align left, numbers right, as a reader scans them.
            text.AppendLine(string.Join("  ", rows[i].Select((cell, col) => col < 2 ? cell.PadRight(widths[col]) : cell.PadLeft(widths[col]))).TrimEnd());
            if (i == 0) text.AppendLine(string.Join("  ", widths.Select(w => new string('-', w))));
        }
        foreach (var report in reports)
        {
            text.AppendLine();
            text.AppendLine($"{report.Benchmark}: baseline = {report.BaselineName}");
            foreach (var note in report.Notes) text.AppendLine($"  {note}");
        }
        return text.ToString();
    }

    static string Verdict(Comparison c) => c.TargetMet switch { true => "met", false => "MISSED", null => "?" };

    static string Number(double value) =>
        value.ToString(Math.Abs(value) >= 100 ? "#,0" : "0.00", CultureInfo.InvariantCulture);
}
