// Usage: dotnet run -c Release --project bench/Coxswain.Bench -- <name>...|all|--list [--key value ...]
using Coxswain.Bench.Runner;
using Coxswain.Bench.Support;

// A benchmark may start this program again as a helper process (watch clients kept apart from the server).
if (args is [WatcherProcess.Command, .. var helperArgs]) return await WatcherProcess.RunChildAsync(helperArgs);
if (args is [CacheMemoryProcess.Command, .. var measureArgs]) return await CacheMemoryProcess.RunChildAsync(measureArgs);
if (args is [KruiseManagerProcess.Command, .. var managerArgs]) return await KruiseManagerProcess.RunChildAsync(managerArgs);

var benchmarks = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name, StringComparer.Ordinal)
    .ToList();

var names = args.TakeWhile(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
if (names.Count == 0 || args.Contains("--list"))
{
    Console.WriteLine("usage: Coxswain.Bench <name>...|all [--key value ...]");
    foreach (var b in benchmarks) Console.WriteLine($"  {b.Name,-16} {b.Description}");
    return names.Count == 0 && !args.Contains("--list") ? 2 : 0;
}

var selected = names.Contains("all") ? benchmarks : names.Select(n =>
    benchmarks.SingleOrDefault(b => b.Name == n) ?? throw new ArgumentException($"unknown benchmark '{n}' (try --list)")).ToList();
var options = BenchOptions.Parse(args[names.Count..]);

#if DEBUG
Console.WriteLine("warning: Debug build; run with -c Release for meaningful numbers");
#endif
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancel.Cancel(); };

var reports = new List<BenchmarkReport>();
foreach (var benchmark in selected)
{
    Console.WriteLine($"== {benchmark.Name}: {benchmark.Description}");
    var loadBefore = MachineLoad.OneMinute();
    var report = await benchmark.RunAsync(options, cancel.Token);
    reports.Add(report with { Notes = [.. report.Notes, MachineLoad.Describe(loadBefore, MachineLoad.OneMinute())] });
}
Console.WriteLine();
Console.Write(ResultTable.Render(reports));
return 0;
