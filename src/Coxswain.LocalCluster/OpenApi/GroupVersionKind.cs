namespace Coxswain.LocalCluster.OpenApi;

/// <summary>A kind within an API group version; <see cref="Group"/> is "" for the core group.</summary>
public sealed record GroupVersionKind(string Group, string Version, string Kind);
