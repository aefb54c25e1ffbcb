using System.Text.Json.Serialization;

namespace Coxswain.Apis.Apps.Pub;

/// <summary>Strategies for in-place update.</summary>
public sealed class InPlaceUpdateStrategy
{
    /// <summary>
    /// The time between marking a pod not ready (InPlaceUpdateReady=False) and patching its container images, so that
    /// endpoints drop it before its containers restart.
    /// </summary>
    [JsonPropertyName("gracePeriodSeconds")] public int? GracePeriodSeconds { get; set; }
}
