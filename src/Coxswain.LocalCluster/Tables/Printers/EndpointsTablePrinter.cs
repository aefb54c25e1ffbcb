using System.Text.Json.Nodes;

namespace Coxswain.LocalCluster.Tables.Printers;

/// <summary>kubectl's endpoints columns: NAME ENDPOINTS AGE, ENDPOINTS being "ip:port,..." capped at three.</summary>
internal sealed class EndpointsTablePrinter : ITablePrinter
{
    public static readonly EndpointsTablePrinter Instance = new();

    const int MaxShown = 3;

    public IReadOnlyList<TableColumn> Columns { get; } =
    [
        CommonColumns.Name,
        new("Endpoints", "string", "The set of all endpoints is the union of all subsets. Addresses are placed into subsets according to the IPs they share. A single address with multiple ports, some of which are ready and some of which are not (because they come from different containers) will result in the address being displayed in different subsets for the different ports. No address will appear in both Addresses and NotReadyAddresses in the same subset. Sets of addresses and ports that comprise a service."),
        CommonColumns.Age,
    ];

    public PrintedRow PrintRow(JsonObject obj, DateTimeOffset now) =>
        new(CommonColumns.NameOf(obj), FormatEndpoints(obj), CommonColumns.AgeOf(obj, now));

    /// <summary>
    /// The printers' <c>formatEndpoints</c>: each ready address joined with each port ("10.0.0.1:80"), or the bare
    /// address for subsets without ports (headless services); "&lt;none&gt;" without subsets; "... + N more..." past three.
    /// </summary>
    static string FormatEndpoints(JsonObject endpoints)
    {
        var subsets = endpoints.ArrayAt("subsets");
        if (subsets.Count == 0) return "<none>";
        var shown = new List<string>();
        var total = 0;
        foreach (var subset in subsets)
        {
            var addresses = subset.ArrayAt("addresses").Select(a => a.TextAt("ip")).ToList();
            var ports = subset.ArrayAt("ports");
            if (ports.Count == 0)
            {
                total += addresses.Count;
                shown.AddRange(addresses.Take(MaxShown - shown.Count));
                continue;
            }
            foreach (var port in ports)
            {
                total += addresses.Count;
                var number = port.IntegerAt("port").GetValueOrDefault();
                shown.AddRange(addresses.Take(MaxShown - shown.Count).Select(ip => JoinHostPort(ip, number)));
            }
        }
        var text = string.Join(",", shown);
        return total > MaxShown ? $"{text} + {total - MaxShown} more..." : text;
    }

    /// <summary>Go's <c>net.JoinHostPort</c>: IPv6 hosts are bracketed.</summary>
    static string JoinHostPort(string host, long port) => host.Contains(':') ? $"[{host}]:{port}" : $"{host}:{port}";
}
