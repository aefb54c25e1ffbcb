using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>kubectl's rolebinding and clusterrolebinding columns: NAME ROLE AGE; wide adds USERS GROUPS SERVICEACCOUNTS.</summary>
internal sealed class RoleBindingTablePrinter : ITablePrinter
{
    public static readonly RoleBindingTablePrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        CommonColumns.Name,
        new("Role", "string", "RoleRef can reference a Role in the current namespace or a ClusterRole in the global namespace. If the RoleRef cannot be resolved, the Authorizer must return an error. This field is immutable."),
        CommonColumns.Age,
        new("Users", "string", "Users in the binding", Priority: 1),
        new("Groups", "string", "Groups in the binding", Priority: 1),
        new("ServiceAccounts", "string", "ServiceAccounts in the binding", Priority: 1),
    ];

    public PrintedRow PrintRow(JsonObject obj, DateTimeOffset now)
    {
        var subjects = obj.ArrayAt("subjects");
        string Names(string kind, bool qualified) => string.Join(", ", subjects
            .Where(s => s.TextAt("kind") == kind)
            .Select(s => qualified ? $"{s.TextAt("namespace")}/{s.TextAt("name")}" : s.TextAt("name")));
        return new(CommonColumns.NameOf(obj), $"{obj.TextAt("roleRef", "kind")}/{obj.TextAt("roleRef", "name")}",
            CommonColumns.AgeOf(obj, now), Names("User", false), Names("Group", false), Names("ServiceAccount", true));
    }
}
