using System.CommandLine;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Chapter4.Bench;
using Chapter4.Harness;
using Chapter4.Language;

namespace Chapter4.App;

/// <summary>
/// `bench [--workload W[,W]] [--scale F] [--json]`: see Chapter4/Bench and docs/performance.md. Its help and errors follow
/// --lang; its report (JSON, and the progress lines) stays English: it is read by scripts and compared across machines.
/// </summary>
public static class BenchCommand
{
    public static Command Build(TextWriter stdout)
    {
        var command = new Command("bench", CliTexts.Get("bench.description"));
        var workloads = new Option<string[]>("--workload")
        {
            Description = CliTexts.Get("bench.workload"),
            HelpName = string.Join(",", Benchmark.Workloads),
            DefaultValueFactory = _ => Benchmark.Workloads,
            CustomParser = r =>
            {
                string[] names = r.Tokens[0].Value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
                string? unknown = names.FirstOrDefault(w => !Benchmark.Workloads.Contains(w));
                return unknown is null && names.Length > 0 ? names
                    : CommonOptions.Error<string[]>(r, CliTexts.Format("bench.workload.unknown", Text.Echo(unknown ?? r.Tokens[0].Value), string.Join(", ", Benchmark.Workloads)));
            },
        };
        var scale = new Option<double>("--scale")
        {
            Description = CliTexts.Get("bench.scale"),
            // 0.001 still gives the memory workload 20 samples to measure growth from; 10 runs it for
            // 2 million steps (about 3 minutes here), the most a benchmark run should take.
            HelpName = CliTexts.Get("bench.scale.name"),
            DefaultValueFactory = _ => 1,
            CustomParser = r => CommonOptions.LooksLikeOption(r.Tokens[0].Value)
                ? CommonOptions.Error<double>(r, CliTexts.Format("option.needs-value", "--scale"))
                : double.TryParse(r.Tokens[0].Value, NumberStyles.Float, CultureInfo.InvariantCulture, out double f) && f >= 0.001 && f <= 10
                ? f : CommonOptions.Error<double>(r, CliTexts.Format("bench.scale.invalid", Text.Echo(r.Tokens[0].Value))),
        };
        var json = new Option<bool>("--json") { Description = CliTexts.Get("bench.json") };
        command.Options.Add(workloads);
        command.Options.Add(scale);
        command.Options.Add(json);
        command.SetAction(p =>
        {
            TorchRuntime.EnsureLoaded();
            bool interactive = !p.GetValue(json) && Cli.AtTerminal(stdout);
            return Run(p.GetValue(workloads)!, p.GetValue(scale), interactive, stdout, p.InvocationConfiguration.Error);
        });
        return command;
    }

    /// <summary>
    /// Runs the workloads and prints the report once: at the end; from the interrupt handler (SIGINT, SIGTERM) with the
    /// workloads finished so far and "error": "interrupted" (then exit 130/143); or, when a workload fails, with those
    /// finished before it, its error, and exit 1, the contract of a lesson that fails while running.
    /// </summary>
    private static int Run(IReadOnlyList<string> workloads, double scale, bool interactive, TextWriter stdout, TextWriter stderr)
    {
        var report = new BenchmarkReport();
        var gate = new object();
        bool printed = false;
        void Print(JsonObject json)
        {
            lock (gate)
            {
                if (printed) return;
                printed = true;
                stdout.WriteLine(ResultJson.Serialize(json));
                stdout.Flush();
            }
        }
        using var interrupts = Interrupts.Register(signal =>
        {
            var (json, running, finished) = report.Snapshot("interrupted");
            Print(json);
            Cli.Fail(stderr, ConsoleRuns.Interrupted(signal, running, finished, "workloads"), 1);
        });
        try
        {
            Benchmark.Run(report, workloads, scale, interactive ? Console.Error : null);
        }
        catch (Exception e) when (e is not LessonInputException)
        {
            string workload = report.Running ?? "bench";
            // CHAPTER4_DEBUG=1 shows the trace, and the exit code stays the documented one.
            // The JSON report is a measurement log and stays English; the line on stderr follows --lang.
            string message = e is ExternalException ? "libtorch: " + Text.FirstLine(e.Message) : LessonRunner.InternalError(e, stderr);
            Print(report.ToJson(message));
            string said = e is ExternalException ? RunTexts.Format("run.libtorch", Text.FirstLine(e.Message)) : message;
            return Cli.Fail(stderr, RunTexts.Format("run.who", workload, said), 1);
        }
        Print(report.ToJson());
        return 0;
    }
}
