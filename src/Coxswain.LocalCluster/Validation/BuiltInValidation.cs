using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation;

/// <summary>
/// Entry points for kube-apiserver's validation of built-in resources. A non-empty result is answered with
/// <c>StatusError.Invalid(resource, name, errors)</c> (422). Run after <see cref="BuiltInDefaults"/>, as upstream
/// validates the defaulted object.
/// </summary>
public static class BuiltInValidation
{
    public static IReadOnlyList<FieldError> ValidateCreate(ResourceDefinition resource, JsonObject obj) =>
        BuiltInStrategies.For(resource).ValidateCreate(obj);

    public static IReadOnlyList<FieldError> ValidateUpdate(ResourceDefinition resource, JsonObject newObj, JsonObject oldObj) =>
        BuiltInStrategies.For(resource).ValidateUpdate(newObj, oldObj);

    public static IReadOnlyList<FieldError> ValidateStatusUpdate(ResourceDefinition resource, JsonObject newObj, JsonObject oldObj) =>
        BuiltInStrategies.For(resource).ValidateStatusUpdate(newObj, oldObj);
}
