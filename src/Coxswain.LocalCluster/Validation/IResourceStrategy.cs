using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Validation;

/// <summary>
/// What kube-apiserver does to one built-in resource on create and update, between decoding the request and storing it:
/// defaulting, the strategy's PrepareForCreate/PrepareForUpdate (plus the built-in mutating admission plugins that always
/// run for that kind) and validation. Objects are the wire JSON and are mutated in place.
/// </summary>
public interface IResourceStrategy
{
    /// <summary>The SetDefaults_* functions of the kind's API group: run on every decoded write, create or update.</summary>
    void ApplyDefaults(JsonObject obj);

    /// <summary>Create-only mutations: PrepareForCreate (status reset, computed fields) and always-on admission defaults.</summary>
    void PrepareForCreate(JsonObject obj);

    /// <summary>Update-only mutations, e.g. carrying over fields that may only change through a subresource.</summary>
    void PrepareForUpdate(JsonObject newObj, JsonObject oldObj);

    IReadOnlyList<FieldError> ValidateCreate(JsonObject obj);

    IReadOnlyList<FieldError> ValidateUpdate(JsonObject newObj, JsonObject oldObj);

    /// <summary>A write through the status subresource, whose spec is the stored one.</summary>
    IReadOnlyList<FieldError> ValidateStatusUpdate(JsonObject newObj, JsonObject oldObj) => ValidateUpdate(newObj, oldObj);
}
