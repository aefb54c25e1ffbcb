using Coxswain.LocalCluster.Validation.Meta;

namespace Coxswain.LocalCluster.Validation.Strategies;

/// <summary>Metadata-only handling, for kinds with no further rules (ServiceAccount) and resources without a strategy.</summary>
public sealed class MetadataOnlyStrategy(ObjectMetaRules metaRules) : ResourceStrategy(metaRules);
