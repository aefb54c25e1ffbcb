using System.Globalization;
using System.Text;

namespace Coxswain.LocalCluster.Kubelet;

/// <summary>The facts about a crashed process that a core pattern can name.</summary>
public sealed record CrashedProcess(string ExecutablePath, int Pid, int GlobalPid, string Hostname, DateTimeOffset At, int Signal, long Uid, long Gid)
{
    /// <summary>The kernel's "comm": the executable's file name, cut to 15 characters.</summary>
    public string Comm
    {
        get
        {
            var name = ExecutablePath[(ExecutablePath.LastIndexOf('/') + 1)..];
            return name.Length > 15 ? name[..15] : name;
        }
    }
}

/// <summary>
/// Expands a <c>kernel.core_pattern</c> (core(5)) such as <c>/corefile/core.%e.%p.%h.%t</c>: %e comm, %E path with '!'
/// for '/', %p/%i pid and %P/%I global pid, %h hostname, %t epoch seconds, %s signal, %u/%g uid/gid, %c core limit,
/// %d dump mode, %% a percent sign. Unknown specifiers are dropped, as the kernel drops them.
/// </summary>
public static class CorePattern
{
    public const string Default = "/corefile/core.%e.%p.%h.%t";

    /// <summary>A pattern starting with '|' pipes the core to a program; there is no file to write then.</summary>
    public static bool IsPipe(string pattern) => pattern.StartsWith('|');

    public static string Expand(string pattern, CrashedProcess process)
    {
        var result = new StringBuilder();
        for (var i = 0; i < pattern.Length; i++)
        {
            if (pattern[i] != '%' || i + 1 >= pattern.Length)
            {
                if (pattern[i] != '%') result.Append(pattern[i]);
                continue;
            }
            var specifier = pattern[++i];
            result.Append(specifier switch
            {
                '%' => "%",
                'e' => process.Comm,
                'E' => process.ExecutablePath.Replace('/', '!'),
                'p' or 'i' => Text(process.Pid),
                'P' or 'I' => Text(process.GlobalPid),
                'h' => process.Hostname,
                't' => Text(process.At.ToUnixTimeSeconds()),
                's' => Text(process.Signal),
                'u' => Text(process.Uid),
                'g' => Text(process.Gid),
                'c' => ulong.MaxValue.ToString(CultureInfo.InvariantCulture),
                'd' => "1",
                _ => "",
            });
        }
        return result.ToString();
    }

    static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
}
