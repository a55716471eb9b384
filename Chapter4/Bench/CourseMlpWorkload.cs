using System.Text.Json.Nodes;
using TorchSharp;

namespace Chapter4.Bench;

/// <summary>W1 `course-mlp`: the course's training step, timed four ways.</summary>
public static class CourseMlpWorkload
{
    /// <summary>
    /// W1: the course's ModelDemo, batch 5, CrossEntropy on its output, SGD(lr 0.01, momentum 0.9).
    /// us_per_step uses the harness's flat-buffer SGD; us_per_step_torch_optim the plain
    /// torch.optim.SGD a lesson would write; us_per_step_one_native_call the same step run inside
    /// libtorch by one call (autograd's floor); us_per_step_manual the backward written by hand
    /// (<see cref="HandWrittenCourseStep"/>). All four compute the same updates (BenchmarkTests).
    /// </summary>
    public static JsonObject Measure(int warmup, int steps)
    {
        double Time(CourseMlpStep kind)
        {
            using var trainer = new CourseMlpTrainer(seed: 0, kind);
            for (int i = 0; i < warmup; i++) trainer.Step();
            return Benchmark.MedianMicroseconds(steps, () => trainer.Step());
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
}
