using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables;

/// <summary>
/// Renders objects of one resource as table rows: the server-side half of <c>kubectl get</c>.
/// Like kube-apiserver, a printer always renders every column including the wide (priority &gt; 0) ones;
/// kubectl hides those unless asked for <c>-o wide</c>.
/// </summary>
public interface ITablePrinter
{
    IReadOnlyList<TableColumn> Columns { get; }

    /// <param name="obj">The object as served (wire JSON).</param>
    /// <param name="now">The instant ages are measured against.</param>
    PrintedRow PrintRow(JsonObject obj, DateTimeOffset now);
}
