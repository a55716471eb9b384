using System.Text.Json.Nodes;
using TorchSharp;

namespace Chapter4.Bench;

/// <summary>
/// The JSON report of `bench`, filled in as workloads finish. Read from another thread (an interrupt handler)
/// it gives the workloads finished so far: every member takes one lock, and <see cref="ToJson"/> returns a copy.
/// </summary>
public sealed class BenchmarkReport
{
    private readonly object _gate = new();
    private readonly List<(string Workload, JsonObject Result)> _finished = [];
    private string? _running;

    public BenchmarkReport()
    {
        Threads = Environment.ProcessorCount;
        Runtime = $"TorchSharp {typeof(torch).Assembly.GetName().Version} on .NET {Environment.Version}";
        Machine = DescribeMachine();
    }

    public int Threads { get; }

    public string Runtime { get; }

    public string Machine { get; }

    /// <summary>The workload being measured, or null between workloads.</summary>
    public string? Running
    {
        get { lock (_gate) return _running; }
    }

    public int FinishedCount
    {
        get { lock (_gate) return _finished.Count; }
    }

    public void Start(string workload)
    {
        lock (_gate) _running = workload;
    }

    public void Finish(string workload, JsonObject result)
    {
        lock (_gate)
        {
            _finished.Add((workload, result));
            _running = null;
        }
    }

    /// <summary>The report as `bench` prints it; with <paramref name="error"/> (a run that did not finish) an "error" field.</summary>
    public JsonObject ToJson(string? error = null) => Snapshot(error).Json;

    /// <summary>The report, the workload being measured and how many finished, all read at one moment.</summary>
    public (JsonObject Json, string? Running, int Finished) Snapshot(string? error = null)
    {
        lock (_gate)
        {
            var workloads = new JsonObject();
            foreach (var (workload, result) in _finished) workloads[workload] = result.DeepClone();
            var report = new JsonObject
            {
                ["side"] = "chapter4",
                ["runtime"] = Runtime,
                ["threads"] = Threads,
                ["machine"] = Machine,
                ["workloads"] = workloads,
            };
            if (error is not null) report["error"] = error;
            return (report, _running, _finished.Count);
        }
    }

    private static string DescribeMachine()
    {
        string cpu = "unknown CPU";
        if (File.Exists("/proc/cpuinfo"))
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        return $"{cpu}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
    }
}
