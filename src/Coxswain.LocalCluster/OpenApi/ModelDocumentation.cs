using System.Collections.Concurrent;
using System.Reflection;
using System.Text;
using System.Xml;

namespace Coxswain.LocalCluster.OpenApi;

/// <summary>
/// Descriptions for reflected model types and properties, read from the XML documentation file that ships next
/// to the model assembly (KubernetesClient.xml carries the upstream field descriptions, wrapped at ~80 columns).
/// Each file is parsed at most once, on first use, and only the &lt;summary&gt; texts are kept.
/// A missing file simply means no descriptions.
/// </summary>
public static class ModelDocumentation
{
    static readonly ConcurrentDictionary<Assembly, Lazy<IReadOnlyDictionary<string, string>>> Files = new();

    public static string? Summary(DocumentationReference reference) =>
        Files.GetOrAdd(reference.Assembly, a => new Lazy<IReadOnlyDictionary<string, string>>(() => Load(a)))
            .Value.GetValueOrDefault(reference.MemberId);

    static IReadOnlyDictionary<string, string> Load(Assembly assembly)
    {
        var summaries = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrEmpty(assembly.Location)) return summaries;
        var path = Path.ChangeExtension(assembly.Location, ".xml");
        if (!File.Exists(path)) return summaries;

        using var reader = XmlReader.Create(path, new XmlReaderSettings { IgnoreComments = true, DtdProcessing = DtdProcessing.Ignore });
        string? member = null;
        while (reader.Read())
        {
            if (reader.NodeType != XmlNodeType.Element) continue;
            if (reader.Name == "member") member = reader.GetAttribute("name");
            else if (reader.Name == "summary" && member is not null && IsModelMember(member))
                summaries[member] = Unwrap(SummaryText(reader));
        }
        return summaries;
    }

    static bool IsModelMember(string member) => member.StartsWith("T:", StringComparison.Ordinal) || member.StartsWith("P:", StringComparison.Ordinal);

    /// <summary>The text of a &lt;summary&gt;, with &lt;see cref="…"/&gt; references reduced to the referenced name.</summary>
    static string SummaryText(XmlReader reader)
    {
        var text = new StringBuilder();
        using var summary = reader.ReadSubtree();
        while (summary.Read())
        {
            if (summary.NodeType is XmlNodeType.Text or XmlNodeType.CDATA or XmlNodeType.Whitespace or XmlNodeType.SignificantWhitespace)
                text.Append(summary.Value);
            else if (summary.NodeType == XmlNodeType.Element && summary.Name is "see" or "seealso"
                     && (summary.GetAttribute("cref") ?? summary.GetAttribute("langword")) is { } target)
                text.Append(target[(target.LastIndexOf('.') + 1)..]);
        }
        return text.ToString();
    }

    /// <summary>Joins the wrapped, indented doc-comment lines back into one paragraph.</summary>
    static string Unwrap(string text)
    {
        var sb = new StringBuilder(text.Length);
        foreach (var line in text.Split('\n'))
        {
            var trimmed = line.Trim();
            if (trimmed.Length == 0) continue;
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(trimmed);
        }
        return sb.ToString();
    }
}
