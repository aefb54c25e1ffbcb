using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;
using Coxswain.LocalCluster.Validation;

namespace Coxswain.LocalCluster.Tests.Validation;

/// <summary>Shared helpers: parse JSON fixtures, run the entry points, compare rendered errors.</summary>
internal static class ValidationAssert
{
    public static JsonObject ParseJson(string json) => JsonNode.Parse(json)!.AsObject();

    /// <summary>Defaults and validates a create the way the server will; returns the rendered "field: detail" errors.</summary>
    public static List<string> Create(ResourceDefinition resource, JsonObject obj)
    {
        BuiltInDefaults.ApplyOnCreate(resource, obj);
        return BuiltInValidation.ValidateCreate(resource, obj).Select(e => e.ToString()).ToList();
    }

    public static List<string> Update(ResourceDefinition resource, JsonObject newObj, JsonObject oldObj)
    {
        BuiltInDefaults.ApplyOnUpdate(resource, newObj, oldObj);
        return BuiltInValidation.ValidateUpdate(resource, newObj, oldObj).Select(e => e.ToString()).ToList();
    }

    /// <summary>A create of an otherwise valid object that must produce exactly the expected error.</summary>
    public static void CreateFailsWith(ResourceDefinition resource, JsonObject obj, string expected) =>
        Assert.Equal([expected], Create(resource, obj));

    public static void CreateSucceeds(ResourceDefinition resource, JsonObject obj) => Assert.Empty(Create(resource, obj));

    /// <summary>A stored object: defaulted and prepared as a create, as the server stores it.</summary>
    public static JsonObject Stored(ResourceDefinition resource, JsonObject obj)
    {
        BuiltInDefaults.ApplyOnCreate(resource, obj);
        Assert.Empty(BuiltInValidation.ValidateCreate(resource, obj));
        obj["metadata"]!["uid"] = "6f0e1c1e-0000-4000-8000-000000000001";
        obj["metadata"]!["resourceVersion"] = "1";
        obj["metadata"]!["creationTimestamp"] = "2026-01-02T03:04:05Z";
        return obj;
    }

    /// <summary>A deep copy with an edit applied, as the "new" object of an update.</summary>
    public static JsonObject Edited(JsonObject obj, Action<JsonObject> edit)
    {
        var copy = obj.DeepClone().AsObject();
        edit(copy);
        return copy;
    }

    public const string SubdomainMessage =
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. 'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')";

    public const string LabelMessage =
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character (e.g. 'my-name',  or '123-abc', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?')";

    public const string Dns1035Message =
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character (e.g. 'my-name',  or 'abc-123', regex used for validation is '[a-z]([-a-z0-9]*[a-z0-9])?')";

    public const string QualifiedNamePartMessage =
        "name part must consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyName',  or 'my.name',  or '123-abc', regex used for validation is '([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]')";

    public const string LabelValueMessage =
        "a valid label must be an empty string or consist of alphanumeric characters, '-', '_' or '.', and must start and end with an alphanumeric character (e.g. 'MyValue',  or 'my_value',  or '12345', regex used for validation is '(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?')";
}
