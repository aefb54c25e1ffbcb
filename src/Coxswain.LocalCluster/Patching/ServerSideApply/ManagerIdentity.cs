using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Tables;

namespace Coxswain.LocalCluster.Patching.ServerSideApply;

/// <summary>
/// Who a managedFields entry belongs to (apimachinery's manager identifier): the manager name, the operation and the
/// subresource — and, for Update entries only, the apiVersion, so that an applier keeps one entry across versions.
/// </summary>
public sealed record ManagerIdentity(string Manager, string Operation, string? ApiVersion, string Subresource)
{
    public const string Apply = "Apply";
    public const string Update = "Update";

    public static ManagerIdentity ForApply(string manager, string? subresource) => new(manager, Apply, null, subresource ?? "");

    public static ManagerIdentity ForUpdate(string manager, string apiVersion, string? subresource) => new(manager, Update, apiVersion, subresource ?? "");

    /// <summary>
    /// The identifier's JSON (ManagedFieldsEntry with only these fields), which is what upstream sorts conflicting
    /// managers by.
    /// </summary>
    public string IdentifierJson()
    {
        var json = new JsonObject { ["manager"] = Manager, ["operation"] = Operation };
        if (ApiVersion is { Length: > 0 }) json["apiVersion"] = ApiVersion;
        if (Subresource.Length > 0) json["subresource"] = Subresource;
        return json.ToJsonString();
    }

    /// <summary>How conflict messages name the manager: <c>"kubectl" with subresource "status" using apps/v1</c>.</summary>
    public override string ToString()
    {
        var text = GoValueText.Marshal(JsonValue.Create(Manager));
        if (Subresource.Length > 0) text += $" with subresource {GoValueText.Marshal(JsonValue.Create(Subresource))}";
        if (Operation == Update) text += $" using {ApiVersion}";
        return text;
    }
}
