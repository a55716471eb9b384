using System.Text.Json.Nodes;
using Chapter4.Bench;
using Chapter4.Harness;
using Chapter4.Models;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Tests;

/// <summary>
/// The benchmark runs and reports its fields (tiny step counts: no timing is asserted here; speed is
/// measured by `bench` and reported in the README). And its fast path computes what torch.optim.SGD does.
/// </summary>
public class BenchmarkTests
{
    [Test]
    public void BenchRunsEveryWorkloadAndReportsItsFields()
    {
        var stdout = new StringWriter();
        var stderr = new StringWriter();
        int exit = Cli.Run(["bench", "--json", "--scale", "0.001"], stdout, stderr);
        Assert.That(exit, Is.Zero, stderr.ToString());
        var report = JsonNode.Parse(stdout.ToString())!;
        Assert.That((int)report["threads"]!, Is.EqualTo(Environment.ProcessorCount));
        var w = report["workloads"]!;
        Assert.That((double)w["course-mlp"]!["us_per_step"]!, Is.GreaterThan(0));
        Assert.That((double)w["course-mlp"]!["us_per_step_torch_optim"]!, Is.GreaterThan(0));
        foreach (string field in new[] { "ms_per_step", "gflops", "matmul_gflops", "fraction_of_matmul" })
            Assert.That((double)w["mlp-784"]![field]!, Is.GreaterThan(0), field);
        // 2·256·(784·512 + 512·256 + 256·10) forward, ×3 for both gradients, minus layer 1's input gradient.
        Assert.That((double)w["mlp-784"]!["gflop_per_step"]!, Is.EqualTo(Math.Round((3 * 2.0 * 256 * 535040 - 2.0 * 256 * 784 * 512) / 1e9, 4)));
        Assert.That(w["memory"]!["samples"]!.AsArray(), Is.Not.Empty);
        Assert.That((long)w["memory"]!["live_tensor_growth"]!, Is.Zero);
    }

    [Test]
    public void UnknownWorkloadIsRejected()
    {
        var stderr = new StringWriter();
        Assert.That(Cli.Run(["bench", "--workload", "gpu"], new StringWriter(), stderr), Is.EqualTo(2));
        Assert.That(stderr.ToString(), Does.Contain("unknown workload 'gpu'; valid: course-mlp, mlp-784, memory"));
    }

    [Test]
    public void FlatSgdMatchesTorchOptimSgdBitForBit()
    {
        // The same seeded model trained 50 steps by torch.optim.SGD(momentum 0.9) and by the flat
        // fast path: PyTorch's update rule is the same arithmetic, so every parameter is identical.
        using var reference = new CourseMlpTrainer(seed: 3, flatSgd: false);
        using var fast = new CourseMlpTrainer(seed: 3, flatSgd: true);
        for (int i = 0; i < 50; i++)
        {
            float a = reference.Step(readLoss: true)!.Value;
            float b = fast.Step(readLoss: true)!.Value;
            Assert.That(b, Is.EqualTo(a), $"loss at step {i}");
        }
        var expected = reference.Model.named_parameters().ToList();
        var actual = fast.Model.named_parameters().ToList();
        for (int p = 0; p < expected.Count; p++)
            Assert.That(actual[p].parameter.data<float>().ToArray(), Is.EqualTo(expected[p].parameter.data<float>().ToArray()), expected[p].name);
    }

    [Test]
    public void FlatSgdRejectsBadSettings()
    {
        using var model = new ModelDemo();
        Assert.Throws<ArgumentOutOfRangeException>(() => new FlatMomentumSgd(model.parameters(), -0.1, 0.9));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FlatMomentumSgd(model.parameters(), 0.1, 1.0));
    }
}
