using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Validation.Formats;
using Coxswain.LocalCluster.Validation.Meta;
using Coxswain.LocalCluster.Validation.Strategies;

namespace Coxswain.LocalCluster.Validation.Kinds.Core;

/// <summary>Secrets: stringData folding, type defaulting, per-type required keys, size limit, immutability.</summary>
public sealed class SecretStrategy() : ResourceStrategy(new ObjectMetaRules(Namespaced: true, NameValidators.DnsSubdomain, KubeFinalizers: true))
{
    public const string ServiceAccountNameAnnotation = "kubernetes.io/service-account.name";

    /// <summary>stringData is write-only: decoding folds it into data (winning over data), so it is never stored.</summary>
    public override void ApplyDefaults(JsonObject obj)
    {
        if (obj.Obj("stringData") is { } stringData)
        {
            var data = obj.GetOrAddObject("data");
            foreach (var (key, value) in stringData.StringMap()) data[key] = Convert.ToBase64String(Encoding.UTF8.GetBytes(value));
            obj.Remove("stringData");
        }
        obj.DefaultString("type", "Opaque");
    }

    protected override IEnumerable<FieldError> ValidateBody(JsonObject obj)
    {
        var dataPath = FieldPath.Root("data");
        var data = obj.Obj("data");
        long totalSize = 0;
        foreach (var (key, value) in data.StringMap())
        {
            foreach (var m in ValueFormats.IsConfigMapKey(key)) yield return FieldError.Invalid(dataPath.Key(key), key, m);
            totalSize += SecretData.DecodedLength(value);
        }
        if (totalSize > ConfigMapStrategy.MaxSize) yield return FieldError.TooLong(dataPath, ConfigMapStrategy.MaxSize);

        switch (obj.StrOrEmpty("type"))
        {
            case "kubernetes.io/service-account-token":
                // Only the name is required; the uid and token are filled in later by the token controller.
                if (obj.Obj("metadata").Obj("annotations").StrOrEmpty(ServiceAccountNameAnnotation).Length == 0)
                    yield return FieldError.Required(FieldPath.Root("metadata").Child("annotations").Key(ServiceAccountNameAnnotation));
                break;
            case "kubernetes.io/dockercfg":
                foreach (var e in RequireJson(data, ".dockercfg", dataPath)) yield return e;
                break;
            case "kubernetes.io/dockerconfigjson":
                foreach (var e in RequireJson(data, ".dockerconfigjson", dataPath)) yield return e;
                break;
            case "kubernetes.io/basic-auth":
                if (!data.Has("username") && !data.Has("password"))
                {
                    yield return FieldError.Required(dataPath.Key("username"));
                    yield return FieldError.Required(dataPath.Key("password"));
                }
                break;
            case "kubernetes.io/ssh-auth":
                if (data.StrOrEmpty("ssh-privatekey").Length == 0) yield return FieldError.Required(dataPath.Key("ssh-privatekey"));
                break;
            case "kubernetes.io/tls":
                if (!data.Has("tls.crt")) yield return FieldError.Required(dataPath.Key("tls.crt"));
                if (!data.Has("tls.key")) yield return FieldError.Required(dataPath.Key("tls.key"));
                break;
        }
    }

    /// <summary>Docker config secrets must carry their key, holding a JSON object.</summary>
    static IEnumerable<FieldError> RequireJson(JsonObject? data, string key, FieldPath dataPath)
    {
        if (!data.Has(key))
        {
            yield return FieldError.Required(dataPath.Key(key));
            yield break;
        }
        string? failure = null;
        try
        {
            if (JsonNode.Parse(SecretData.Decode(data.Str(key)) ?? []) is not JsonObject) failure = "json: cannot unmarshal into a map";
        }
        catch (JsonException e)
        {
            failure = e.Message;
        }
        if (failure is not null) yield return FieldError.Invalid(dataPath.Key(key), "<secret contents redacted>", failure);
    }

    protected override IEnumerable<FieldError> ValidateBodyUpdate(JsonObject newObj, JsonObject oldObj)
    {
        if (newObj.StrOrEmpty("type") != oldObj.StrOrEmpty("type"))
            yield return FieldError.Invalid(FieldPath.Root("type"), newObj.StrOrEmpty("type"), ValidationText.Immutable);
        foreach (var e in ImmutableData.Validate(newObj, oldObj, "data")) yield return e;
    }
}
