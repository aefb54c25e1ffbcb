namespace Coxswain.Kruise.FeatureGates;

/// <summary>Maturity of a gate, as Kubernetes' component-base labels them.</summary>
public enum FeatureStage { Alpha, Beta, GA }

/// <summary>One OpenKruise feature gate: its name, its default and its maturity.</summary>
public sealed record FeatureGate(string Name, bool Default, FeatureStage Stage);
