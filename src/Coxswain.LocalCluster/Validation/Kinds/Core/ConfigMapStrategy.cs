using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;
using Coxswain.LocalCluster.Validation.Meta;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation.Kinds.Core;

/// <summary>ConfigMaps: key formats, the 1 MiB size limit and the immutable flag.</summary>
public sealed class ConfigMapStrategy() : ResourceStrategy(new ObjectMetaRules(Namespaced: true, NameValidators.DnsSubdomain, KubeFinalizers: true))
{
    /// <summary>core.MaxSecretSize, shared by ConfigMaps and Secrets.</summary>
    public const int MaxSize = 1024 * 1024;

    protected override IEnumerable<FieldError> ValidateBody(JsonObject obj)
    {
        var data = obj.Obj("data");
        var binaryData = obj.Obj("binaryData");
        long totalSize = 0;
        foreach (var (key, value) in data.StringMap())
        {
            var path = FieldPath.Root("data").Key(key);
            foreach (var m in ValueFormats.IsConfigMapKey(key)) yield return FieldError.Invalid(path, key, m);
            if (binaryData.Has(key)) yield return FieldError.Invalid(path, key, "duplicate of key present in binaryData");
            totalSize += ValidationText.GoLength(value);
        }
        foreach (var (key, value) in binaryData.StringMap())
        {
            foreach (var m in ValueFormats.IsConfigMapKey(key)) yield return FieldError.Invalid(FieldPath.Root("binaryData").Key(key), key, m);
            totalSize += SecretData.DecodedLength(value);
        }
        // The limit applies to the whole object, which upstream reports against the empty path.
        if (totalSize > MaxSize) yield return FieldError.TooLong(FieldPath.Empty, MaxSize);
    }

    protected override IEnumerable<FieldError> ValidateBodyUpdate(JsonObject newObj, JsonObject oldObj) =>
        ImmutableData.Validate(newObj, oldObj, "data", "binaryData");
}
