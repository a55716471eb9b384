using System.Diagnostics;
using System.Text.Json.Nodes;
using Chapter4.Harness;
using Chapter4.Language;
using Chapter4.Training;
using TorchSharp;

namespace Chapter4.Bench;

/// <summary>
/// The workloads of `bench`, mirrored one for one by tools/bench/bench.py so the two JSON reports
/// can be compared. Speed is measured here, never in unit tests.
/// </summary>
public static class Benchmark
{
    public static readonly string[] Workloads = ["course-mlp", "mlp-784", "memory"];

    /// <summary>Runs the workloads and returns the report.</summary>
    public static JsonObject Run(IReadOnlyList<string> workloads, double scale, TextWriter? progress)
    {
        var report = new BenchmarkReport();
        Run(report, workloads, scale, progress);
        return report.ToJson();
    }

    /// <summary>Runs the workloads in order, each result going into <paramref name="report"/> as soon as it is measured.</summary>
    /// <param name="scale">Multiplies every step count (1 = the documented counts; tests use tiny ones).</param>
    /// <param name="progress">Where a progress bar goes (an interactive stderr), or null for none.</param>
    public static void Run(BenchmarkReport report, IReadOnlyList<string> workloads, double scale, TextWriter? progress)
    {
        torch.set_num_threads(report.Threads);
        using var bar = new ProgressLine(progress, "bench", workloads.Count, "workloads");
        foreach (string w in workloads)
        {
            bar.Report(report.FinishedCount, w + " ...");
            report.Start(w);
            JsonObject result = w switch
            {
                "course-mlp" => CourseMlpWorkload.Measure(Steps(500, scale), Steps(20_000, scale)),
                "mlp-784" => Mlp784Workload.Measure(Steps(20, scale), Steps(200, scale)),
                "memory" => MemoryWorkload.Measure(Steps(200_000, scale), Math.Max(1, Steps(10_000, scale))),
                // The command line checks the names first (CliTexts' bench.workload.unknown); this is for other callers.
                _ => throw new LessonInputException(RunTexts.Format("bench.unknown-workload", w, string.Join(", ", Workloads))),
            };
            report.Finish(w, result);
        }
    }

    private static int Steps(int count, double scale) => Math.Max(1, (int)Math.Round(count * scale));

    /// <summary>
    /// Runs <paramref name="steps"/> steps in 10 equal blocks and returns the median block's time per
    /// step: one slow block (another process, a GC) does not move the result.
    /// </summary>
    internal static double MedianMicroseconds(int steps, Action step)
    {
        const int Blocks = 10;
        int perBlock = Math.Max(1, steps / Blocks);
        var times = new double[Blocks];
        for (int b = 0; b < Blocks; b++)
        {
            var clock = Stopwatch.StartNew();
            for (int i = 0; i < perBlock; i++) step();
            times[b] = clock.Elapsed.TotalMicroseconds / perBlock;
        }
        Array.Sort(times);
        return (times[Blocks / 2 - 1] + times[Blocks / 2]) / 2;
    }
}
