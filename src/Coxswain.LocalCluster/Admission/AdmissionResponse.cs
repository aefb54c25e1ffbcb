using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Admission;

/// <summary>A webhook's verified answer (the <c>response</c> of an AdmissionReview).</summary>
internal sealed record AdmissionResponse(
    bool Allowed,
    byte[]? Patch,
    string? PatchType,
    IReadOnlyList<string> Warnings,
    IReadOnlyDictionary<string, string> AuditAnnotations,
    JsonObject? Status);
