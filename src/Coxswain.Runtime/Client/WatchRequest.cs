namespace Coxswain.Runtime.Client;

/// <summary>Query parameters of one watch call.</summary>
public sealed record WatchRequest
{
    public string? LabelSelector { get; init; }

    public string? FieldSelector { get; init; }

    /// <summary>Start after this version; null or empty to start with the current state.</summary>
    public string? ResourceVersion { get; init; }

    /// <summary><c>NotOlderThan</c> for streaming lists, else null (the server forbids it on plain watches).</summary>
    public string? ResourceVersionMatch { get; init; }

    public bool AllowWatchBookmarks { get; init; } = true;

    /// <summary>Ask for the current state as ADDED events closed by an initial-events-end bookmark (streaming list).</summary>
    public bool SendInitialEvents { get; init; }

    /// <summary>Server-side timeout after which the server closes the stream.</summary>
    public int? TimeoutSeconds { get; init; }
}
