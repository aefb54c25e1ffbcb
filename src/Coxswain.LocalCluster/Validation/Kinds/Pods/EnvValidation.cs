using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Coxswain.LocalCluster.Validation.Formats;
using Coxswain.LocalCluster.Validation.Resources;

namespace Coxswain.LocalCluster.Validation.Kinds.Pods;

/// <summary>Container env and envFrom (ValidateEnv, ValidateEnvFrom and their selectors).</summary>
public static partial class EnvValidation
{
    /// <summary>Pod fields the v1 downward API conversion accepts at all.</summary>
    static readonly HashSet<string> ConvertibleFieldPaths =
    [
        "metadata.annotations", "metadata.labels", "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName",
        "spec.restartPolicy", "spec.serviceAccountName", "spec.schedulerName", "status.phase", "status.hostIP", "status.hostIPs",
        "status.podIP", "status.podIPs",
    ];

    /// <summary>The subset env vars may read, sorted as upstream lists them in NotSupported errors.</summary>
    static readonly string[] EnvFieldPaths =
    [
        "metadata.name", "metadata.namespace", "metadata.uid", "spec.nodeName", "spec.serviceAccountName", "status.hostIP",
        "status.hostIPs", "status.podIP", "status.podIPs",
    ];

    static readonly string[] ResourceFieldPaths =
        ["limits.cpu", "limits.ephemeral-storage", "limits.memory", "requests.cpu", "requests.ephemeral-storage", "requests.memory"];

    [GeneratedRegex(@"^(metadata\.(?:labels|annotations))\['(.*)'\]\z")] private static partial Regex SubscriptedPath();

    public static IEnumerable<FieldError> ValidateEnv(JsonArray? env, FieldPath path)
    {
        foreach (var (i, variable) in env.Objects())
        {
            var itemPath = path.Index(i);
            var name = variable.StrOrEmpty("name");
            if (name.Length == 0) yield return FieldError.Required(itemPath.Child("name"));
            else
                foreach (var m in ValueFormats.IsEnvVarName(name)) yield return FieldError.Invalid(itemPath.Child("name"), name, m);
            foreach (var e in ValidateValueFrom(variable, itemPath.Child("valueFrom"))) yield return e;
        }
    }

    static IEnumerable<FieldError> ValidateValueFrom(JsonObject variable, FieldPath path)
    {
        if (variable.Obj("valueFrom") is not { } valueFrom) yield break;
        var sources = 0;
        if (valueFrom.Obj("fieldRef") is { } fieldRef)
        {
            sources++;
            foreach (var e in ValidateFieldRef(fieldRef, path.Child("fieldRef"))) yield return e;
        }
        if (valueFrom.Obj("resourceFieldRef") is { } resourceFieldRef)
        {
            sources++;
            foreach (var e in ValidateResourceFieldRef(resourceFieldRef, path.Child("resourceFieldRef"))) yield return e;
        }
        foreach (var selector in (string[])["configMapKeyRef", "secretKeyRef"])
        {
            if (valueFrom.Obj(selector) is not { } keyRef) continue;
            sources++;
            foreach (var e in ValidateKeySelector(keyRef, path.Child(selector))) yield return e;
        }

        if (sources == 0)
            yield return FieldError.Invalid(path, "", "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or `secretKeyRef`");
        else if (variable.StrOrEmpty("value").Length != 0)
            yield return FieldError.Invalid(path, "", "may not be specified when `value` is not empty");
        else if (sources > 1)
            yield return FieldError.Invalid(path, "", "may not have more than one field specified at a time");
    }

    static IEnumerable<FieldError> ValidateFieldRef(JsonObject fieldRef, FieldPath path)
    {
        if (fieldRef.StrOrEmpty("apiVersion").Length == 0)
        {
            yield return FieldError.Required(path.Child("apiVersion"));
            yield break;
        }
        var fieldPath = fieldRef.StrOrEmpty("fieldPath");
        if (fieldPath.Length == 0)
        {
            yield return FieldError.Required(path.Child("fieldPath"));
            yield break;
        }
        var subscripted = SubscriptedPath().Match(fieldPath);
        var basePath = subscripted.Success ? subscripted.Groups[1].Value : fieldPath;
        if (!ConvertibleFieldPaths.Contains(basePath))
        {
            yield return FieldError.Invalid(path.Child("fieldPath"), fieldPath, $"error converting fieldPath: field label not supported: {fieldPath}");
            yield break;
        }
        if (subscripted.Success)
        {
            var key = subscripted.Groups[2].Value;
            var checkedKey = basePath == "metadata.annotations" ? key.ToLowerInvariant() : key;
            foreach (var m in LabelFormats.IsQualifiedName(checkedKey)) yield return FieldError.Invalid(path, checkedKey, m);
        }
        else if (!EnvFieldPaths.Contains(fieldPath))
        {
            yield return FieldError.NotSupported(path.Child("fieldPath"), fieldPath, EnvFieldPaths);
        }
    }

    static IEnumerable<FieldError> ValidateResourceFieldRef(JsonObject resourceFieldRef, FieldPath path)
    {
        var resource = resourceFieldRef.StrOrEmpty("resource");
        if (resource.Length == 0) yield return FieldError.Required(path.Child("resource"));
        else if (!ResourceFieldPaths.Contains(resource) &&
                 !resource.StartsWith("requests.hugepages-", StringComparison.Ordinal) && !resource.StartsWith("limits.hugepages-", StringComparison.Ordinal))
            yield return FieldError.NotSupported(path.Child("resource"), resource, ResourceFieldPaths);
    }

    /// <summary>configMapKeyRef and secretKeyRef: the name is checked even when empty, so "" fails the DNS subdomain regex.</summary>
    static IEnumerable<FieldError> ValidateKeySelector(JsonObject keyRef, FieldPath path)
    {
        var name = keyRef.StrOrEmpty("name");
        foreach (var m in NameValidators.DnsSubdomain(name, false)) yield return FieldError.Invalid(path.Child("name"), name, m);
        var key = keyRef.StrOrEmpty("key");
        if (key.Length == 0) yield return FieldError.Required(path.Child("key"));
        else
            foreach (var m in ValueFormats.IsConfigMapKey(key)) yield return FieldError.Invalid(path.Child("key"), key, m);
    }

    public static IEnumerable<FieldError> ValidateEnvFrom(JsonArray? envFrom, FieldPath path)
    {
        foreach (var (i, source) in envFrom.Objects())
        {
            var itemPath = path.Index(i);
            var prefix = source.StrOrEmpty("prefix");
            if (prefix.Length > 0)
                foreach (var m in ValueFormats.IsEnvVarName(prefix)) yield return FieldError.Invalid(itemPath.Child("prefix"), prefix, m);

            var sources = 0;
            foreach (var reference in (string[])["configMapRef", "secretRef"])
            {
                if (source.Obj(reference) is not { } r) continue;
                sources++;
                var name = r.StrOrEmpty("name");
                if (name.Length == 0) yield return FieldError.Required(itemPath.Child(reference, "name"));
                else
                    foreach (var m in NameValidators.DnsSubdomain(name, true)) yield return FieldError.Invalid(itemPath.Child(reference, "name"), name, m);
            }
            // Upstream reports these two against the envFrom list itself, not the item.
            if (sources == 0) yield return FieldError.Invalid(path, "", "must specify one of: `configMapRef` or `secretRef`");
            else if (sources > 1) yield return FieldError.Invalid(path, "", "may not have more than one field specified at a time");
        }
    }
}
