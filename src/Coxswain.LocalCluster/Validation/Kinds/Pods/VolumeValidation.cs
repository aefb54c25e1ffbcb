using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;
using Coxswain.LocalCluster.Validation.Resources;

namespace Coxswain.LocalCluster.Validation.Kinds.Pods;

/// <summary>
/// spec.volumes (ValidateVolumes) and container volumeMounts. Source-specific rules are covered for the sources local
/// clusters meet (emptyDir, hostPath, secret, configMap, PVC, downwardAPI, projected, nfs, csi, ephemeral); the other
/// sources get the shared checks only.
/// </summary>
public static class VolumeValidation
{
    const string FileModeError = "must be a number between 0 and 0777 (octal), both inclusive";
    static readonly string[] HostPathTypes = ["", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket"];

    /// <summary>Validates the volumes and returns the names that mounts may refer to: only volumes without errors count.</summary>
    public static (HashSet<string> Valid, List<FieldError> Errors) ValidateVolumes(JsonArray? volumes, FieldPath path)
    {
        var valid = new HashSet<string>();
        var errors = new List<FieldError>();
        foreach (var (i, volume) in volumes.Objects())
        {
            var itemPath = path.Index(i);
            var name = volume.StrOrEmpty("name");
            var volumeErrors = ValidateSource(volume, itemPath).ToList();
            if (name.Length == 0) volumeErrors.Add(FieldError.Required(itemPath.Child("name")));
            else volumeErrors.AddRange(DnsNames.IsDns1123Label(name).Select(m => FieldError.Invalid(itemPath.Child("name"), name, m)));
            if (valid.Contains(name)) volumeErrors.Add(FieldError.Duplicate(itemPath.Child("name"), name));
            if (volumeErrors.Count == 0) valid.Add(name);
            else errors.AddRange(volumeErrors);
        }
        return (valid, errors);
    }

    static IEnumerable<FieldError> ValidateSource(JsonObject volume, FieldPath path)
    {
        var sources = 0;
        foreach (var (field, errorPath) in VolumeSources.Ordered)
        {
            if (volume.Obj(field) is not { } source) continue;
            if (sources++ > 0)
            {
                yield return FieldError.Forbidden(path.Child(errorPath), "may not specify more than 1 volume type");
                continue;
            }
            foreach (var e in ValidateKnownSource(field, source, path.Child(field))) yield return e;
        }
        if (sources == 0) yield return FieldError.Required(path, "must specify a volume type");
    }

    static IEnumerable<FieldError> ValidateKnownSource(string field, JsonObject source, FieldPath path) => field switch
    {
        "emptyDir" => source["sizeLimit"] is { } limit && Quantities.ValueOrZero(limit) < 0
            ? [FieldError.Forbidden(path.Child("sizeLimit"), "SizeLimit field must be a valid resource quantity")]
            : [],
        "hostPath" => ValidateHostPath(source, path),
        "secret" => RequiredString(source, "secretName", path).Concat(ValidateFileModes(source, path)),
        "configMap" => RequiredString(source, "name", path).Concat(ValidateFileModes(source, path)),
        "persistentVolumeClaim" => RequiredString(source, "claimName", path),
        "downwardAPI" => ValidateDefaultMode(source, path).Concat(ValidateDownwardApiItems(source.Arr("items"), path)),
        "projected" => ValidateDefaultMode(source, path),
        "nfs" => ValidateNfs(source, path),
        "csi" => RequiredString(source, "driver", path),
        "ephemeral" => source.Has("volumeClaimTemplate") ? [] : [FieldError.Required(path.Child("volumeClaimTemplate"))],
        _ => [],
    };

    static IEnumerable<FieldError> RequiredString(JsonObject source, string name, FieldPath path) =>
        source.StrOrEmpty(name).Length == 0 ? [FieldError.Required(path.Child(name))] : [];

    static IEnumerable<FieldError> ValidateHostPath(JsonObject hostPath, FieldPath path)
    {
        var target = hostPath.StrOrEmpty("path");
        if (target.Length == 0)
        {
            yield return FieldError.Required(path.Child("path"));
            yield break;
        }
        foreach (var e in PathRules.NoBacksteps(target, path.Child("path"))) yield return e;
        if (hostPath.Str("type") is { } type && !HostPathTypes.Contains(type))
            yield return FieldError.NotSupported(path.Child("type"), type, HostPathTypes);
    }

    static IEnumerable<FieldError> ValidateNfs(JsonObject nfs, FieldPath path)
    {
        if (nfs.StrOrEmpty("server").Length == 0) yield return FieldError.Required(path.Child("server"));
        var target = nfs.StrOrEmpty("path");
        if (target.Length == 0) yield return FieldError.Required(path.Child("path"));
        if (!target.StartsWith('/')) yield return FieldError.Invalid(path.Child("path"), target, "must be an absolute path");
    }

    /// <summary>secret and configMap: defaultMode plus items (key, relative path, mode).</summary>
    static IEnumerable<FieldError> ValidateFileModes(JsonObject source, FieldPath path)
    {
        foreach (var e in ValidateDefaultMode(source, path)) yield return e;
        foreach (var (i, item) in source.Arr("items").Objects())
        {
            var itemPath = path.Child("items").Index(i);
            if (item.StrOrEmpty("key").Length == 0) yield return FieldError.Required(itemPath.Child("key"));
            var target = item.StrOrEmpty("path");
            if (target.Length == 0) yield return FieldError.Required(itemPath.Child("path"));
            foreach (var e in PathRules.LocalNonReserved(target, itemPath.Child("path"))) yield return e;
            if (item.Long("mode") is { } mode && mode is < 0 or > 511) yield return FieldError.Invalid(itemPath.Child("mode"), mode, FileModeError);
        }
    }

    static IEnumerable<FieldError> ValidateDefaultMode(JsonObject source, FieldPath path)
    {
        if (source.Long("defaultMode") is { } mode && mode is < 0 or > 511)
            yield return FieldError.Invalid(path.Child("defaultMode"), mode, FileModeError);
    }

    /// <summary>Upstream reports downwardAPI item errors against the volume source path, without the item index.</summary>
    static IEnumerable<FieldError> ValidateDownwardApiItems(JsonArray? items, FieldPath path)
    {
        foreach (var (_, item) in items.Objects())
        {
            var target = item.StrOrEmpty("path");
            if (target.Length == 0) yield return FieldError.Required(path.Child("path"));
            foreach (var e in PathRules.LocalNonReserved(target, path.Child("path"))) yield return e;
            if (!item.Has("fieldRef") && !item.Has("resourceFieldRef"))
                yield return FieldError.Required(path, "one of fieldRef and resourceFieldRef is required");
            else if (item.Has("fieldRef") && item.Has("resourceFieldRef"))
                yield return FieldError.Invalid(path, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously");
            if (item.Long("mode") is { } mode && mode is < 0 or > 511) yield return FieldError.Invalid(path.Child("mode"), mode, FileModeError);
        }
    }

    /// <summary>ValidateVolumeMounts: each mount names a (valid) volume and a unique path.</summary>
    public static IEnumerable<FieldError> ValidateMounts(JsonObject container, IReadOnlySet<string> volumes, FieldPath path)
    {
        var mountPaths = new HashSet<string>();
        var privileged = container.Obj("securityContext").Bool("privileged") == true;
        foreach (var (i, mount) in container.Arr("volumeMounts").Objects())
        {
            var itemPath = path.Index(i);
            var name = mount.StrOrEmpty("name");
            var mountPath = mount.StrOrEmpty("mountPath");
            if (name.Length == 0) yield return FieldError.Required(itemPath.Child("name"));
            if (!volumes.Contains(name)) yield return FieldError.NotFound(itemPath.Child("name"), name);
            if (mountPath.Length == 0) yield return FieldError.Required(itemPath.Child("mountPath"));
            if (!mountPaths.Add(mountPath)) yield return FieldError.Invalid(itemPath.Child("mountPath"), mountPath, "must be unique");

            // Upstream reports subPath problems against the volumeMounts path without the index.
            var subPath = mount.StrOrEmpty("subPath");
            if (subPath.Length > 0)
                foreach (var e in PathRules.LocalDescending(subPath, path.Child("subPath"))) yield return e;
            var subPathExpr = mount.StrOrEmpty("subPathExpr");
            if (subPathExpr.Length > 0)
            {
                if (subPath.Length > 0)
                    yield return FieldError.Invalid(itemPath.Child("subPathExpr"), subPathExpr, "subPathExpr and subPath are mutually exclusive");
                foreach (var e in PathRules.LocalDescending(subPathExpr, path.Child("subPathExpr"))) yield return e;
            }

            if (mount.Str("mountPropagation") is { } propagation)
            {
                if (propagation is not ("Bidirectional" or "HostToContainer" or "None"))
                    yield return FieldError.NotSupported(path.Child("mountPropagation"), propagation, ["Bidirectional", "HostToContainer", "None"]);
                if (propagation == "Bidirectional" && !privileged)
                    yield return FieldError.Forbidden(path.Child("mountPropagation"), "Bidirectional mount propagation is available only to privileged containers");
            }
        }
    }
}
