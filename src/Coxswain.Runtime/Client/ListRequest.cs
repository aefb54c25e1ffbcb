namespace Coxswain.Runtime.Client;

/// <summary>Query parameters of one list call.</summary>
public sealed record ListRequest
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Page size; null for an unpaged list.</summary>
    public int? Limit { get; init; }

    public string? Continue { get; init; }

    /// <summary>Null for a consistent (most recent) read, <c>0</c> for any cached state.</summary>
    public string? ResourceVersion { get; init; }

    public string? ResourceVersionMatch { get; init; }

    internal QueryString ToQuery() => new QueryString()
        .Add("labelSelector", LabelSelector)
        .Add("fieldSelector", FieldSelector)
        .Add("limit", Limit)
        .Add("continue", Continue)
        .Add("resourceVersion", ResourceVersion)
        .Add("resourceVersionMatch", ResourceVersionMatch);
}
