namespace Coxswain.LocalCluster.Validation.Meta;

/// <summary>How one kind's metadata is validated.</summary>
/// <param name="Namespaced">Whether metadata.namespace is required (true) or forbidden (false).</param>
/// <param name="Name">The rule for metadata.name and metadata.generateName.</param>
/// <param name="KubeFinalizers">
/// Whether unprefixed finalizers must be standard names: true for kinds validated by kube-apiserver's core validation
/// (core, apps, discovery), false for kinds using apimachinery's generic one (coordination, admissionregistration, CRDs).
/// </param>
public sealed record ObjectMetaRules(bool Namespaced, NameValidator Name, bool KubeFinalizers);
