using Coxswain.Bench.Admission;

// Benchmarks print a markdown table; each takes its sizes from the command line so that quick runs stay quick.
switch (args.FirstOrDefault())
{
    case "admission":
        // admission [creates] [create-concurrency] [calls] [call-concurrency]
        int Arg(int index, int fallback) => args.Length > index && int.TryParse(args[index], out var v) ? v : fallback;
        await AdmissionOverheadBenchmark.RunAsync(Arg(1, 2000), Arg(2, 32), Arg(3, 20000), Arg(4, 200));
        return 0;
    default:
        Console.Error.WriteLine("usage: Coxswain.Bench admission [creates] [create-concurrency] [calls] [call-concurrency]");
        return 2;
}
