// TEMPORARY: replaced by the cli branch.
using Coxswain.LocalCluster.Server;
using Microsoft.Extensions.Logging;
var dir = args.Length > 0 ? args[0] : "/tmp/cox";
using var lf = LoggerFactory.Create(b => b.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information));
await using var s = await LocalApiServer.StartAsync(new LocalClusterOptions { DataDir = dir, Port = 6443 }, lf);
Console.WriteLine($"export KUBECONFIG={s.KubeconfigPath}");
await Task.Delay(-1);
