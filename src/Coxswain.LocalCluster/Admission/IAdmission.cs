using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Admission;

/// <summary>
/// The admission chain every write passes through (kube-apiserver's admission.MutationInterface and ValidationInterface):
/// <see cref="AdmitAsync"/> after built-in defaulting, <see cref="ValidateAsync"/> after built-in validation, just before
/// the object is persisted. A rejection is thrown as a <see cref="Api.StatusError"/>.
/// </summary>
public interface IAdmission
{
    /// <summary>
    /// Runs the mutating phase and returns the object to continue with: the same instance when nothing changed it, a new
    /// one (already decoded and defaulted) when a webhook patched it. Returns <see cref="AdmissionAttributes.Object"/>
    /// (null) for deletes.
    /// </summary>
    Task<JsonObject?> AdmitAsync(AdmissionAttributes attributes);

    /// <summary>Runs the validating phase; any rejection is thrown.</summary>
    Task ValidateAsync(AdmissionAttributes attributes);
}

/// <summary>Admits everything unchanged: the chain of a storage that has no webhooks wired in (unit tests, tools).</summary>
public sealed class NoAdmission : IAdmission
{
    public static readonly NoAdmission Instance = new();

    NoAdmission() { }

    public Task<JsonObject?> AdmitAsync(AdmissionAttributes attributes) => Task.FromResult(attributes.Object);

    public Task ValidateAsync(AdmissionAttributes attributes) => Task.CompletedTask;
}
