// A stand-in for the coxswain CLI in process-backed container tests. Usage:
//   serve [--port N] [--print-env A,B] [--print-file /container/path] [--ignore-sigterm]
//       prints what it was asked to, then answers every HTTP request with 200 on $POD_IP:N until SIGTERM (exit 0)
//   exit CODE [MESSAGE]   prints MESSAGE (to stderr too) and exits with CODE
using System.Net;
using System.Net.Sockets;
using System.Runtime.InteropServices;
using System.Text;

if (args.Length == 0)
{
    Console.Error.WriteLine("usage: serve|exit ...");
    return 2;
}

if (args[0] == "exit")
{
    var message = args.Length > 2 ? args[2] : "exiting";
    Console.WriteLine(message);
    Console.Error.WriteLine("stderr: " + message);
    return int.Parse(args[1]);
}

if (args[0] != "serve")
{
    Console.Error.WriteLine($"unknown command {args[0]}");
    return 2;
}

string? Option(string name) => Array.LastIndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;
var port = int.Parse(Option("--port") ?? "8080");
var ignoreSigterm = args.Contains("--ignore-sigterm");

Console.WriteLine($"pid {Environment.ProcessId}");
Console.WriteLine($"args: {string.Join(' ', args)}");
foreach (var name in (Option("--print-env") ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries))
    Console.WriteLine($"env {name}={Environment.GetEnvironmentVariable(name)}");
if (Option("--print-file") is { } file)
{
    var root = Environment.GetEnvironmentVariable("COXSWAIN_CONTAINER_ROOT") ?? "/";
    Console.WriteLine($"file {file}: {File.ReadAllText(Path.Combine(root, file.TrimStart('/'))).Trim()}");
}
Console.WriteLine($"cwd {Environment.CurrentDirectory}");

var stop = new TaskCompletionSource();
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
{
    context.Cancel = true;
    Console.WriteLine(ignoreSigterm ? "received SIGTERM, ignoring it" : "received SIGTERM");
    if (!ignoreSigterm) stop.TrySetResult();
});

var address = IPAddress.Parse(Environment.GetEnvironmentVariable("POD_IP") ?? "127.0.0.1");
var listener = new TcpListener(address, port);
listener.Start();
Console.WriteLine($"listening on {address}:{port}");
Console.Error.WriteLine("ready (stderr)");
_ = Task.Run(async () =>
{
    while (true)
    {
        var client = await listener.AcceptTcpClientAsync();
        _ = Task.Run(async () =>
        {
            using (client)
            {
                var stream = client.GetStream();
                var buffer = new byte[4096];
                var request = new StringBuilder();
                while (!request.ToString().Contains("\r\n\r\n"))
                {
                    var n = await stream.ReadAsync(buffer);
                    if (n == 0) return;
                    request.Append(Encoding.ASCII.GetString(buffer, 0, n));
                }
                await stream.WriteAsync("HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"u8.ToArray());
            }
        });
    }
});
await stop.Task;
listener.Stop();
Console.WriteLine("stopped");
return 0;
