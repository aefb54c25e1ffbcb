using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;

namespace Coxswain.LocalCluster.Validation.Meta;

/// <summary>ObjectMeta validation on create and update (k8s.io/apimachinery/pkg/api/validation/objectmeta.go).</summary>
public static class ObjectMetaValidation
{
    static readonly FieldPath MetadataPath = FieldPath.Root("metadata");

    public static List<FieldError> ValidateCreate(JsonObject obj, ObjectMetaRules rules)
    {
        var meta = obj.Obj("metadata");
        var path = MetadataPath;
        var errors = new List<FieldError>();

        var name = meta.StrOrEmpty("name");
        var generateName = meta.StrOrEmpty("generateName");
        if (generateName.Length > 0)
            errors.AddRange(rules.Name(generateName, true).Select(m => FieldError.Invalid(path.Child("generateName"), generateName, m)));
        if (name.Length > 0)
            errors.AddRange(rules.Name(name, false).Select(m => FieldError.Invalid(path.Child("name"), name, m)));
        else if (generateName.Length == 0)
            // A name is generated from generateName before upstream validates; accepting that order-independently here.
            errors.Add(FieldError.Required(path.Child("name"), "name or generateName is required"));

        var ns = meta.StrOrEmpty("namespace");
        if (rules.Namespaced)
        {
            if (ns.Length == 0) errors.Add(FieldError.Required(path.Child("namespace")));
            else errors.AddRange(NameValidators.Namespace(ns, false).Select(m => FieldError.Invalid(path.Child("namespace"), ns, m)));
        }
        else if (ns.Length > 0)
        {
            errors.Add(FieldError.Forbidden(path.Child("namespace"), "not allowed on this type"));
        }

        if (meta.Long("generation") is < 0 and var generation)
            errors.Add(FieldError.Invalid(path.Child("generation"), generation, ValidationText.NonNegative));
        errors.AddRange(ValidateCommon(meta, path));
        errors.AddRange(FinalizerValidation.ValidateFinalizers(meta.Arr("finalizers"), path.Child("finalizers")));
        errors.AddRange(ValidateKubeFinalizers(meta, path, rules));
        return errors;
    }

    /// <summary>
    /// Update rules. resourceVersion preconditions are the server's business and are not checked here.
    /// </summary>
    public static List<FieldError> ValidateUpdate(JsonObject newObj, JsonObject oldObj, ObjectMetaRules rules)
    {
        var meta = newObj.Obj("metadata");
        var old = oldObj.Obj("metadata");
        var path = MetadataPath;
        var errors = new List<FieldError>();

        if (old.Has("deletionTimestamp"))
        {
            var added = meta.Arr("finalizers").Strings().Select(s => s.Value)
                .Except(old.Arr("finalizers").Strings().Select(s => s.Value)).Order(StringComparer.Ordinal).ToList();
            if (added.Count > 0)
                errors.Add(FieldError.Forbidden(path.Child("finalizers"),
                    $"no new finalizers can be added if the object is being deleted, found new finalizers []string{{{string.Join(", ", added.Select(GoQuoting.Quote))}}}"));
        }

        if ((meta.Long("generation") ?? 0) < (old.Long("generation") ?? 0))
            errors.Add(FieldError.Invalid(path.Child("generation"), meta.Long("generation") ?? 0, "must not be decremented"));

        foreach (var field in (string[])["name", "namespace", "uid"])
            if (meta.StrOrEmpty(field) != old.StrOrEmpty(field))
                errors.Add(FieldError.Invalid(path.Child(field), meta.StrOrEmpty(field), ValidationText.Immutable));
        foreach (var field in (string[])["creationTimestamp", "deletionTimestamp"])
            if (meta.Str(field) != old.Str(field))
                errors.Add(FieldError.Invalid(path.Child(field), new StringerValue(GoTimeText.FromWire(meta.Str(field))), ValidationText.Immutable));
        if (meta.Long("deletionGracePeriodSeconds") != old.Long("deletionGracePeriodSeconds"))
            errors.Add(FieldError.Invalid(path.Child("deletionGracePeriodSeconds"), meta.Long("deletionGracePeriodSeconds"), ValidationText.Immutable));

        errors.AddRange(ValidateCommon(meta, path));
        errors.AddRange(ValidateKubeFinalizers(meta, path, rules));
        return errors;
    }

    /// <summary>The checks shared by create and update.</summary>
    static IEnumerable<FieldError> ValidateCommon(JsonObject? meta, FieldPath path) =>
        LabelValidation.ValidateLabels(meta.Obj("labels"), path.Child("labels"))
            .Concat(AnnotationValidation.ValidateAnnotations(meta.Obj("annotations"), path.Child("annotations")))
            .Concat(OwnerReferenceValidation.ValidateOwnerReferences(meta.Arr("ownerReferences"), path.Child("ownerReferences")));

    static IEnumerable<FieldError> ValidateKubeFinalizers(JsonObject? meta, FieldPath path, ObjectMetaRules rules)
    {
        if (!rules.KubeFinalizers) yield break;
        foreach (var (i, finalizer) in meta.Arr("finalizers").Strings())
            foreach (var e in FinalizerValidation.ValidateKubeFinalizerName(finalizer, path.Child("finalizers").Index(i))) yield return e;
    }
}
