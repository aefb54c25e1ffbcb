using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;
using Coxswain.LocalCluster.Validation.Meta;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation.Kinds.ApiExtensions;

/// <summary>
/// CustomResourceDefinitions: the structural checks of group, names, scope and versions
/// (apiextensions-apiserver validation). Schema validation is out of scope here.
/// </summary>
public sealed class CustomResourceDefinitionStrategy()
    : ResourceStrategy(new ObjectMetaRules(Namespaced: false, NameValidators.DnsSubdomain, KubeFinalizers: false))
{
    static readonly FieldPath Spec = FieldPath.Root("spec");

    /// <summary>SetDefaults_CustomResourceDefinitionSpec: singular and listKind from kind, conversion None.</summary>
    public override void ApplyDefaults(JsonObject obj)
    {
        var spec = obj.GetOrAddObject("spec");
        var names = spec.GetOrAddObject("names");
        var kind = names.StrOrEmpty("kind");
        if (kind.Length > 0)
        {
            names.DefaultString("singular", kind.ToLowerInvariant());
            names.DefaultString("listKind", kind + "List");
        }
        spec.Default("conversion", new JsonObject { ["strategy"] = "None" });
        spec.Obj("conversion").Obj("webhook").Obj("clientConfig").Obj("service")?.Default("port", 443);
    }

    /// <summary>The status is the controllers' to write; it starts with the storage version recorded.</summary>
    public override void PrepareForCreate(JsonObject obj)
    {
        var storage = obj.Obj("spec").Arr("versions").Objects().FirstOrDefault(v => v.Item.Bool("storage") == true).Item;
        obj["status"] = new JsonObject
        {
            ["acceptedNames"] = new JsonObject { ["plural"] = "", ["kind"] = "" },
            ["storedVersions"] = storage is null ? new JsonArray() : new JsonArray(storage.StrOrEmpty("name")),
        };
        obj.GetOrAddObject("metadata")["generation"] = 1;
    }

    public override void PrepareForUpdate(JsonObject newObj, JsonObject oldObj) => KeepOldStatus(newObj, oldObj);

    public override IReadOnlyList<FieldError> ValidateCreate(JsonObject obj)
    {
        var names = obj.Obj("spec").Obj("names");
        var required = $"{names.StrOrEmpty("plural")}.{obj.Obj("spec").StrOrEmpty("group")}";
        // The object name is the resource's group-qualified plural, on top of being a DNS subdomain.
        var rules = MetaRules with
        {
            Name = (name, prefix) =>
            {
                var errors = NameValidators.DnsSubdomain(name, prefix).ToList();
                if (name != required) errors.Add("must be spec.names.plural+\".\"+spec.group");
                return errors;
            },
        };
        var result = ObjectMetaValidation.ValidateCreate(obj, rules);
        result.AddRange(ValidateBody(obj));
        return result;
    }

    protected override IEnumerable<FieldError> ValidateBody(JsonObject obj)
    {
        var spec = obj.Obj("spec");
        var group = spec.StrOrEmpty("group");
        if (group.Length == 0) yield return FieldError.Required(Spec.Child("group"));
        else if (DnsNames.IsDns1123Subdomain(group) is { Count: > 0 } groupErrors)
            yield return FieldError.Invalid(Spec.Child("group"), group, string.Join(",", groupErrors));
        else if (group.Split('.').Length < 2)
            yield return FieldError.Invalid(Spec.Child("group"), group, "should be a domain with at least one dot");

        var scope = spec.StrOrEmpty("scope");
        if (scope.Length == 0) yield return FieldError.Required(Spec.Child("scope"));
        else if (scope is not ("Cluster" or "Namespaced")) yield return FieldError.NotSupported(Spec.Child("scope"), scope, ["Cluster", "Namespaced"]);

        var versions = spec.Arr("versions");
        var storageCount = 0;
        var versionNames = new HashSet<string>();
        var unique = true;
        foreach (var (i, version) in versions.Objects())
        {
            if (version.Bool("storage") == true) storageCount++;
            var name = version.StrOrEmpty("name");
            unique &= versionNames.Add(name);
            if (DnsNames.IsDns1035Label(name) is { Count: > 0 } nameErrors)
                yield return FieldError.Invalid(Spec.Child("versions").Index(i).Child("name"), name, string.Join(",", nameErrors));
        }
        if (!unique) yield return FieldError.Invalid(Spec.Child("versions"), versions, "must contain unique version names");
        if (storageCount != 1)
            yield return FieldError.Invalid(Spec.Child("versions"), versions ?? [], "must have exactly one version marked as storage version");

        var names = spec.Obj("names");
        foreach (var field in (string[])["plural", "singular", "kind", "listKind"])
            if (names.StrOrEmpty(field).Length == 0) yield return FieldError.Required(Spec.Child("names", field));
        foreach (var e in ValidateNames(names, Spec.Child("names"))) yield return e;
        foreach (var e in ValidateNames(obj.Obj("status").Obj("acceptedNames"), FieldPath.Root("status").Child("acceptedNames"))) yield return e;
    }

    /// <summary>ValidateCustomResourceDefinitionNames: DNS-1035 labels (kinds may be mixed case).</summary>
    static IEnumerable<FieldError> ValidateNames(JsonObject? names, FieldPath path)
    {
        foreach (var field in (string[])["plural", "singular"])
            if (names.Str(field) is { Length: > 0 } value && DnsNames.IsDns1035Label(value) is { Count: > 0 } errors)
                yield return FieldError.Invalid(path.Child(field), value, string.Join(",", errors));
        foreach (var field in (string[])["kind", "listKind"])
            if (names.Str(field) is { Length: > 0 } value && DnsNames.IsDns1035Label(value.ToLowerInvariant()) is { Count: > 0 } errors)
                yield return FieldError.Invalid(path.Child(field), value, "may have mixed case, but should otherwise match: " + string.Join(",", errors));
        foreach (var (i, shortName) in names.Arr("shortNames").Strings())
            if (DnsNames.IsDns1035Label(shortName) is { Count: > 0 } errors)
                yield return FieldError.Invalid(path.Child("shortNames").Index(i), shortName, string.Join(",", errors));
        var kind = names.StrOrEmpty("kind");
        if (kind.Length > 0 && kind == names.StrOrEmpty("listKind"))
            yield return FieldError.Invalid(path.Child("listKind"), kind, "kind and listKind may not be the same");
        foreach (var (i, category) in names.Arr("categories").Strings())
            if (DnsNames.IsDns1035Label(category) is { Count: > 0 } errors)
                yield return FieldError.Invalid(path.Child("categories").Index(i), category, string.Join(",", errors));
    }

    /// <summary>Group and plural make up the resource path, so they never change; scope and kind are fixed once established.</summary>
    protected override IEnumerable<FieldError> ValidateBodyUpdate(JsonObject newObj, JsonObject oldObj)
    {
        var spec = newObj.Obj("spec");
        var oldSpec = oldObj.Obj("spec");
        var established = oldObj.Obj("status").Arr("conditions").Objects()
            .Any(c => c.Item.StrOrEmpty("type") == "Established" && c.Item.StrOrEmpty("status") == "True");
        if (established)
        {
            foreach (var e in ImmutableFields.Check(spec?["scope"], oldSpec?["scope"], Spec.Child("scope"))) yield return e;
            foreach (var e in ImmutableFields.Check(spec.Obj("names")?["kind"], oldSpec.Obj("names")?["kind"], Spec.Child("names", "kind"))) yield return e;
        }
        foreach (var e in ImmutableFields.Check(spec?["group"], oldSpec?["group"], Spec.Child("group"))) yield return e;
        foreach (var e in ImmutableFields.Check(spec.Obj("names")?["plural"], oldSpec.Obj("names")?["plural"], Spec.Child("names", "plural"))) yield return e;
        foreach (var (i, stored) in newObj.Obj("status").Arr("storedVersions").Strings())
            if (!spec.Arr("versions").Objects().Any(v => v.Item.StrOrEmpty("name") == stored))
                yield return FieldError.Invalid(FieldPath.Root("status").Child("storedVersions").Index(i), stored, "must appear in spec.versions");
    }
}
