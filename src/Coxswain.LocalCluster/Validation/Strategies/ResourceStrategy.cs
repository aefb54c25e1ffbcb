using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Meta;

namespace Coxswain.LocalCluster.Validation.Strategies;

/// <summary>
/// The common shape of a kind's strategy: ObjectMeta rules plus kind-specific hooks. By default the kind's body rules
/// run on both create and update, as most upstream ValidateXUpdate functions re-run ValidateX on the new object.
/// </summary>
public abstract class ResourceStrategy(ObjectMetaRules metaRules) : IResourceStrategy
{
    protected ObjectMetaRules MetaRules { get; } = metaRules;

    public virtual void ApplyDefaults(JsonObject obj) { }

    public virtual void PrepareForCreate(JsonObject obj) { }

    public virtual void PrepareForUpdate(JsonObject newObj, JsonObject oldObj) { }

    public virtual IReadOnlyList<FieldError> ValidateCreate(JsonObject obj)
    {
        var errors = ObjectMetaValidation.ValidateCreate(obj, MetaRules);
        errors.AddRange(ValidateBody(obj));
        return errors;
    }

    /// <summary>A write through the status subresource; kinds whose status has no rules of its own validate it as an update.</summary>
    public virtual IReadOnlyList<FieldError> ValidateStatusUpdate(JsonObject newObj, JsonObject oldObj) => ValidateUpdate(newObj, oldObj);

    public virtual IReadOnlyList<FieldError> ValidateUpdate(JsonObject newObj, JsonObject oldObj)
    {
        var errors = ObjectMetaValidation.ValidateUpdate(newObj, oldObj, MetaRules);
        errors.AddRange(ValidateBodyUpdate(newObj, oldObj));
        errors.AddRange(ValidateBody(newObj));
        return errors;
    }

    /// <summary>Rules for everything but metadata, applied to the object being created or to the new object of an update.</summary>
    protected virtual IEnumerable<FieldError> ValidateBody(JsonObject obj) => [];

    /// <summary>Transition rules (immutable fields and the like), applied on update only.</summary>
    protected virtual IEnumerable<FieldError> ValidateBodyUpdate(JsonObject newObj, JsonObject oldObj) => [];

    /// <summary>Copies the old object's status: on the main resource of kinds with a /status subresource it is read-only.</summary>
    protected static void KeepOldStatus(JsonObject newObj, JsonObject oldObj)
    {
        if (oldObj["status"] is { } status) newObj["status"] = status.DeepClone();
        else newObj.Remove("status");
    }
}
