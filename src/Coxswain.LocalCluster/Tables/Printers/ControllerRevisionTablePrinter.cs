using System.Text.Json.Nodes;
using Coxswain.LocalCluster.Api;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>kubectl's controllerrevision columns: NAME CONTROLLER REVISION AGE, CONTROLLER as "statefulset.apps/web".</summary>
internal sealed class ControllerRevisionTablePrinter : ITablePrinter
{
    public static readonly ControllerRevisionTablePrinter Instance = new();

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        CommonColumns.Name,
        new("Controller", "string", "Controller of the object"),
        new("Revision", "string", "Revision indicates the revision of the state represented by Data."),
        CommonColumns.Age,
    ];

    public PrintedRow PrintRow(JsonObject obj, DateTimeOffset now) =>
        new(CommonColumns.NameOf(obj), Controller(obj), obj.IntegerAt("revision").GetValueOrDefault(), CommonColumns.AgeOf(obj, now));

    /// <summary>The controlling owner as "kind.group/name" in lower case, or "&lt;none&gt;".</summary>
    static string Controller(JsonObject obj)
    {
        var owner = obj.ArrayAt("metadata", "ownerReferences").FirstOrDefault(r => r.BoolAt("controller") == true);
        if (owner is null) return "<none>";
        var group = GroupOf(owner.TextAt("apiVersion"));
        var kind = owner.TextAt("kind");
        var name = owner.TextAt("name");
        if (group.Length == 0 && kind.Length == 0) return name;
        var groupKind = group.Length == 0 ? kind : $"{kind}.{group}";
        return $"{groupKind.ToLowerInvariant()}/{name}";
    }

    /// <summary>The group of an apiVersion, as <c>schema.ParseGroupVersion</c> splits it.</summary>
    static string GroupOf(string apiVersion)
    {
        if (apiVersion is "" or "/") return "";
        return apiVersion.Count(c => c == '/') switch
        {
            0 => "",
            1 => apiVersion[..apiVersion.IndexOf('/')],
            // kube-apiserver fails the whole table request with this error.
            _ => throw StatusError.Internal($"unexpected GroupVersion string: {apiVersion}"),
        };
    }
}
