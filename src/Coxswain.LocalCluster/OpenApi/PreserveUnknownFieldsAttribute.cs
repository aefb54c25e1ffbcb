namespace Coxswain.LocalCluster.OpenApi;

/// <summary>
/// The property's schema is an object that keeps unknown fields (<c>x-kubernetes-preserve-unknown-fields</c>) with no
/// properties listed, whatever its CLR type; on a list, its items are. For fields a webhook rather than the schema
/// defaults and validates (a CRD's pod template), as controller-gen's <c>+kubebuilder:validation:Schemaless</c>.
/// </summary>
[AttributeUsage(AttributeTargets.Property, Inherited = false)]
public sealed class PreserveUnknownFieldsAttribute : Attribute;
