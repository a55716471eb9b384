using System.Diagnostics;
using System.Text.Json.Nodes;
using Chapter4.Harness;
using Chapter4.Models;
using Chapter4.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Bench;

/// <summary>
/// The workloads of `bench`, mirrored one for one by tools/bench/bench.py so the two JSON reports
/// can be compared. Speed is measured here, never in unit tests.
/// </summary>
public static class Benchmark
{
    public static readonly string[] Workloads = ["course-mlp", "mlp-784", "memory"];

    /// <param name="scale">Multiplies every step count (1 = the documented counts; tests use tiny ones).</param>
    /// <param name="progress">Where a progress bar goes (an interactive stderr), or null for none.</param>
    public static JsonObject Run(IReadOnlyList<string> workloads, double scale, TextWriter? progress)
    {
        int threads = Environment.ProcessorCount;
        torch.set_num_threads(threads);
        var report = new JsonObject
        {
            ["side"] = "chapter4",
            ["runtime"] = $"TorchSharp {typeof(torch).Assembly.GetName().Version} on .NET {Environment.Version}",
            ["threads"] = threads,
            ["machine"] = Machine(),
            ["workloads"] = new JsonObject(),
        };
        var results = report["workloads"]!.AsObject();
        using var bar = new ProgressLine(progress, "bench", workloads.Count, "workloads");
        foreach (string w in workloads)
        {
            bar.Report(results.Count, w + " ...");
            results[w] = w switch
            {
                "course-mlp" => CourseMlp(Steps(500, scale), Steps(20_000, scale)),
                "mlp-784" => Mlp784(Steps(20, scale), Steps(200, scale)),
                "memory" => Memory(Steps(200_000, scale), Math.Max(1, Steps(10_000, scale))),
                _ => throw new LessonInputException($"unknown workload '{w}'; valid: {string.Join(", ", Workloads)}"),
            };
        }
        return report;
    }

    private static int Steps(int count, double scale) => Math.Max(1, (int)Math.Round(count * scale));

    /// <summary>
    /// W1: the course's ModelDemo, batch 5, CrossEntropy on its output, SGD(lr 0.01, momentum 0.9).
    /// us_per_step uses the harness's flat-buffer SGD; us_per_step_torch_optim the plain
    /// torch.optim.SGD a lesson would write; us_per_step_one_native_call the same step run inside
    /// libtorch by one call (autograd's floor); us_per_step_manual the backward written by hand
    /// (<see cref="HandWrittenCourseStep"/>). All four compute the same updates (BenchmarkTests).
    /// </summary>
    private static JsonObject CourseMlp(int warmup, int steps)
    {
        double Time(CourseMlpStep kind)
        {
            using var trainer = new CourseMlpTrainer(seed: 0, kind);
            for (int i = 0; i < warmup; i++) trainer.Step();
            return MedianMicroseconds(steps, () => trainer.Step());
        }
        double plain = Time(CourseMlpStep.TorchOptim);
        double fast = Time(CourseMlpStep.FlatSgd);
        double floor = Time(CourseMlpStep.OneNativeCall);
        // The hand-written step's ops run on 5×3 tensors: with one intra-op thread libtorch never hands work to
        // its pool (measured here: 59–67 µs per step on 1 thread, 93–95 µs on 2). bench.py does the same.
        torch.set_num_threads(1);
        double manual;
        try { manual = Time(CourseMlpStep.HandWritten); }
        finally { torch.set_num_threads(Environment.ProcessorCount); }
        return new JsonObject
        {
            ["warmup"] = warmup,
            ["steps"] = steps,
            ["us_per_step"] = Math.Round(fast, 2),
            ["us_per_step_torch_optim"] = Math.Round(plain, 2),
            ["us_per_step_one_native_call"] = Math.Round(floor, 2),
            ["us_per_step_manual"] = Math.Round(manual, 2),
            ["manual_threads"] = 1,
        };
    }

    /// <summary>
    /// W2: Linear 784→512→256→10 with ReLU, batch 256, CrossEntropy, Adam(1e-3): ms_per_step with the flat-buffer
    /// Adam the training lessons use (<see cref="FlatAdam"/>), ms_per_step_torch_optim with torch.optim.Adam. FLOPs counted for
    /// the matrix multiplies only (2·m·n·k each): forward, the weight gradients (same count), and the
    /// input gradients of layers 2 and 3 (layer 1's input needs none). Bias, ReLU, loss and Adam are
    /// O(parameters) and left out, so the GFLOP/s slightly understates the work done.
    /// </summary>
    private static JsonObject Mlp784(int warmup, int steps)
    {
        const int Batch = 256;
        int[] sizes = [784, 512, 256, 10];
        double Time(bool flat)
        {
            torch.manual_seed(0);
            using var model = nn.Sequential(nn.Linear(784, 512), nn.ReLU(), nn.Linear(512, 256), nn.ReLU(), nn.Linear(256, 10));
            TrainingOptimizer optimizer = flat ? new FlatAdam(model.parameters(), 1e-3) : torch.optim.Adam(model.parameters(), 1e-3);
            var criterion = nn.CrossEntropyLoss();
            using var x = torch.randn(Batch, 784);
            using var y = torch.randint(0, 10, [Batch], dtype: ScalarType.Int64);
            void Step()
            {
                using var scope = torch.NewDisposeScope();
                var loss = criterion.call(model.call(x), y);
                optimizer.zero_grad();
                loss.backward();
                optimizer.step();
            }
            for (int i = 0; i < warmup; i++) Step();
            double seconds = MedianMicroseconds(steps, Step) / 1e6;
            (optimizer as IDisposable)?.Dispose();
            return seconds;
        }
        double torchOptim = Time(flat: false);
        double seconds = Time(flat: true);

        double forward = 0;
        for (int l = 0; l + 1 < sizes.Length; l++) forward += 2.0 * Batch * sizes[l] * sizes[l + 1];
        double flops = 3 * forward - 2.0 * Batch * sizes[0] * sizes[1];
        double gflops = flops / seconds / 1e9;
        var (matmul, matmulMedian) = MatmulGflops(1024, 10);
        return new JsonObject
        {
            ["warmup"] = warmup,
            ["steps"] = steps,
            ["ms_per_step"] = Math.Round(seconds * 1e3, 3),
            ["ms_per_step_torch_optim"] = Math.Round(torchOptim * 1e3, 3),
            ["gflop_per_step"] = Math.Round(flops / 1e9, 4),
            ["gflops"] = Math.Round(gflops, 2),
            ["matmul_gflops"] = Math.Round(matmul, 2),
            ["matmul_gflops_median"] = Math.Round(matmulMedian, 2),
            // The step time is a median, so the like-for-like share divides by the median matmul; the share of the
            // best matmul (the stricter, earlier definition) is kept beside it.
            ["fraction_of_matmul"] = Math.Round(gflops / matmul, 3),
            ["fraction_of_median_matmul"] = Math.Round(gflops / matmulMedian, 3),
            ["fraction_of_matmul_torch_optim"] = Math.Round(flops / torchOptim / 1e9 / matmul, 3),
        };
    }

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

    /// <summary>
    /// GFLOP/s of an n×n by n×n float32 matmul (2n³ FLOPs) over <paramref name="repeats"/> runs after two warm-up
    /// runs: the best run, and the median run (the same statistic as the workloads' step times).
    /// </summary>
    private static (double Best, double Median) MatmulGflops(int n, int repeats)
    {
        using var a = torch.randn(n, n);
        using var b = torch.randn(n, n);
        var times = new List<double>();
        for (int i = 0; i < repeats + 2; i++)
        {
            var clock = Stopwatch.StartNew();
            using var c = torch.matmul(a, b);
            double t = clock.Elapsed.TotalSeconds;
            if (i >= 2) times.Add(t); // the first two warm the allocator and threads
        }
        times.Sort();
        double median = (times[(times.Count - 1) / 2] + times[times.Count / 2]) / 2;
        return (2.0 * n * n * n / times[0] / 1e9, 2.0 * n * n * n / median / 1e9);
    }

    /// <summary>W3: W1 for many steps, sampling resident memory and live tensors.</summary>
    private static JsonObject Memory(int steps, int every)
    {
        using var trainer = new CourseMlpTrainer(seed: 0, CourseMlpStep.FlatSgd);
        var samples = new JsonArray();
        long rssAtBaseline = 0, liveAtBaseline = 0;
        int baseline = Math.Min(steps, every * 2); // growth is measured from step 20,000 on
        for (int i = 1; i <= steps; i++)
        {
            trainer.Step();
            if (i % every != 0 && i != steps) continue;
            long rss = ResidentBytes();
            long live = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
            if (i == baseline) (rssAtBaseline, liveAtBaseline) = (rss, live);
            samples.Add(new JsonObject { ["step"] = i, ["rss_mb"] = Math.Round(rss / 1048576.0, 2), ["live_tensors"] = live });
        }
        long finalRss = ResidentBytes();
        long finalLive = DisposeScopeManager.Statistics.ThreadTotalLiveCount;
        return new JsonObject
        {
            ["steps"] = steps,
            ["sample_every"] = every,
            ["baseline_step"] = baseline,
            ["rss_growth_percent"] = rssAtBaseline == 0 ? 0 : Math.Round(100.0 * (finalRss - rssAtBaseline) / rssAtBaseline, 3),
            ["live_tensor_growth"] = finalLive - liveAtBaseline,
            ["samples"] = samples,
        };
    }

    /// <summary>VmRSS from /proc (the resident set, native allocations included); the GC's view elsewhere.</summary>
    private static long ResidentBytes()
    {
        const string Status = "/proc/self/status";
        if (File.Exists(Status))
            foreach (string line in File.ReadLines(Status))
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                    return long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        using var self = Process.GetCurrentProcess();
        return self.WorkingSet64;
    }

    private static string Machine()
    {
        string cpu = "unknown CPU";
        if (File.Exists("/proc/cpuinfo"))
            cpu = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? cpu;
        return $"{cpu}, {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}";
    }
}

/// <summary>How <see cref="CourseMlpTrainer"/> performs a step; all three compute the same updates.</summary>
public enum CourseMlpStep
{
    /// <summary>What a lesson writes: torch.optim.SGD, zero_grad, backward, step.</summary>
    TorchOptim,
    /// <summary>The harness fast path: <see cref="FlatSgd"/> (one buffer for all parameters).</summary>
    FlatSgd,
    /// <summary>
    /// The whole step as one TorchScript function, compiled by libtorch at start-up and run with a
    /// single native call: no managed code per operation is left, so its time is libtorch's own cost
    /// of the step, the floor for any C# caller. Measured to show what is (not) ours to remove.
    /// </summary>
    OneNativeCall,
    /// <summary>The backward written by hand (<see cref="HandWrittenCourseStep"/>) instead of autograd, with the flat SGD.</summary>
    HandWritten,
}

/// <summary>One training step of the course's ModelDemo, as W1 and W3 run it.</summary>
public sealed class CourseMlpTrainer : IDisposable
{
    // ModelDemo.forward, CrossEntropyLoss and FlatSgd's zero_grad/step in TorchScript. torch.linear
    // and torch.cross_entropy_loss are the aten ops nn.Linear and nn.CrossEntropyLoss call. buf starts at
    // zero, so the first update 0·μ + g = g equals torch.optim.SGD's buf = g.
    private const string OneCallScript = """
        def step(x: Tensor, y: Tensor, w1: Tensor, b1: Tensor, w2: Tensor, b2: Tensor, w3: Tensor, b3: Tensor,
                 params: Tensor, grads: Tensor, buf: Tensor, lr: float, momentum: float) -> Tensor:
            h = torch.sigmoid(torch.linear(x, w1, b1))
            h = torch.relu(torch.linear(h, w2, b2))
            out = torch.softmax(torch.linear(h, w3, b3), -1)
            loss = torch.cross_entropy_loss(out, y)
            grads.zero_()
            loss.backward()
            buf.mul_(momentum).add_(grads)
            params.add_(buf, alpha=-lr)
            return loss
        """ + "\n"; // TorchScript's parser wants the last line terminated

    private const double LearningRate = 0.01;
    private const double Momentum = 0.9;

    private readonly ModelDemo _model;
    private readonly Tensor _x;
    private readonly Tensor _y;
    private readonly optim.Optimizer? _optimizer;
    private readonly FlatSgd? _flat;
    private readonly torch.jit.CompilationUnit? _script;
    private readonly Tensor? _scriptBuffer;
    private readonly HandWrittenCourseStep? _handWritten;
    private readonly object[]? _scriptArguments;
    private readonly Loss<Tensor, Tensor, Tensor> _criterion = nn.CrossEntropyLoss();

    public CourseMlpTrainer(long seed, CourseMlpStep kind)
    {
        torch.manual_seed(seed);
        _model = new ModelDemo();
        _x = torch.randn(5, 3);
        _y = torch.tensor(new long[] { 0, 1, 0, 1, 1 });
        if (kind == CourseMlpStep.TorchOptim)
        {
            _optimizer = torch.optim.SGD(_model.parameters(), LearningRate, momentum: Momentum);
            return;
        }
        _flat = new FlatSgd(_model.parameters(), LearningRate, Momentum);
        if (kind == CourseMlpStep.HandWritten) _handWritten = new HandWrittenCourseStep(_model, _flat, _x, _y);
        if (kind == CourseMlpStep.OneNativeCall)
        {
            _script = torch.jit.compile(OneCallScript);
            _scriptBuffer = torch.zeros_like(_flat.FlatGradients).DetachFromDisposeScope();
            _scriptArguments = [_x, _y, .. _model.parameters(), _flat.FlatParameters, _flat.FlatGradients, _scriptBuffer, LearningRate, Momentum];
        }
    }

    public ModelDemo Model => _model;

    /// <summary>One step; returns the loss only when asked (reading it costs a native call).</summary>
    public float? Step(bool readLoss = false)
    {
        using var scope = torch.NewDisposeScope();
        Tensor loss;
        if (_handWritten is not null)
        {
            loss = _handWritten.Step();
        }
        else if (_script is not null)
        {
            loss = (Tensor)_script.invoke("step", _scriptArguments!);
        }
        else
        {
            loss = _criterion.call(_model.call(_x), _y);
            if (_flat is not null) _flat.zero_grad(); else _optimizer!.zero_grad();
            loss.backward();
            if (_flat is not null) _flat.step(); else _optimizer!.step();
        }
        return readLoss ? loss.item<float>() : null;
    }

    public void Dispose()
    {
        _script?.Dispose();
        _scriptBuffer?.Dispose();
        _handWritten?.Dispose();
        _flat?.Dispose();
        _model.Dispose();
        _x.Dispose();
        _y.Dispose();
    }
}
