namespace Coxswain.Runtime.Events;

/// <summary>The two event types the API accepts.</summary>
public static class EventTypes
{
    /// <summary>Something expected happened (created, scaled, synced).</summary>
    public const string Normal = "Normal";

    /// <summary>Something may need attention (a failure, a retry, a conflict).</summary>
    public const string Warning = "Warning";
}
