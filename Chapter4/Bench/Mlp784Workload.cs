using System.Diagnostics;
using System.Text.Json.Nodes;
using Chapter4.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Bench;

/// <summary>W2 `mlp-784`: a 784-512-256-10 MLP with Adam, against the matmul rate of the same process.</summary>
public static class Mlp784Workload
{
    /// <summary>
    /// W2: Linear 784→512→256→10 with ReLU, batch 256, CrossEntropy, Adam(1e-3): ms_per_step with the flat-buffer
    /// Adam the training lessons use (<see cref="FlatAdam"/>), ms_per_step_torch_optim with torch.optim.Adam. FLOPs counted for
    /// the matrix multiplies only (2·m·n·k each): forward, the weight gradients (same count), and the
    /// input gradients of layers 2 and 3 (layer 1's input needs none). Bias, ReLU, loss and Adam are
    /// O(parameters) and left out, so the GFLOP/s slightly understates the work done.
    /// </summary>
    public static JsonObject Measure(int warmup, int steps)
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
            double seconds = Benchmark.MedianMicroseconds(steps, Step) / 1e6;
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
}
