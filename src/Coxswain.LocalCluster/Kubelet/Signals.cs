namespace Coxswain.LocalCluster.Kubelet;

/// <summary>Linux signal numbers and names (x86-64), and which ones make the kernel write a core dump.</summary>
public static class Signals
{
    public const int Kill = 9;

    static readonly string[] Names =
    [
        "", "SIGHUP", "SIGINT", "SIGQUIT", "SIGILL", "SIGTRAP", "SIGABRT", "SIGBUS", "SIGFPE", "SIGKILL", "SIGUSR1", "SIGSEGV", "SIGUSR2",
        "SIGPIPE", "SIGALRM", "SIGTERM", "SIGSTKFLT", "SIGCHLD", "SIGCONT", "SIGSTOP", "SIGTSTP", "SIGTTIN", "SIGTTOU", "SIGURG", "SIGXCPU",
        "SIGXFSZ", "SIGVTALRM", "SIGPROF", "SIGWINCH", "SIGIO", "SIGPWR", "SIGSYS",
    ];

    /// <summary>signal(7): the signals whose default action is "Core".</summary>
    static readonly HashSet<int> CoreDumping = [3, 4, 5, 6, 7, 8, 11, 24, 25, 31];

    /// <summary>"SIGSEGV", "SEGV", "segv" or "11".</summary>
    public static int? Parse(string text)
    {
        text = text.Trim();
        if (int.TryParse(text, out var number)) return number is > 0 and < 32 ? number : null;
        var name = text.ToUpperInvariant();
        if (!name.StartsWith("SIG", StringComparison.Ordinal)) name = "SIG" + name;
        var index = Array.IndexOf(Names, name);
        return index > 0 ? index : null;
    }

    public static string NameOf(int signal) => signal > 0 && signal < Names.Length ? Names[signal] : $"signal {signal}";

    public static bool DumpsCore(int signal) => CoreDumping.Contains(signal);

    /// <summary>The exit code a container runtime reports for a process killed by a signal.</summary>
    public static int ExitCodeFor(int signal) => 128 + signal;
}
