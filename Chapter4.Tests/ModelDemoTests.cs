using System.Text.Json.Nodes;
using Chapter4.App;
using Chapter4.Harness;
using Chapter4.Models;
using NUnit.Framework;
using TorchSharp;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace Chapter4.Tests;

public class ModelDemoTests
{
    private static (int Exit, string Err) RunModel(string weights)
    {
        var stderr = new StringWriter();
        int exit = Cli.Run(["model", "--weights", weights, "--no-plots"], new StringWriter(), stderr);
        return (exit, stderr.ToString());
    }

    private static string Temp(string suffix = ".pt") => Path.Combine(Path.GetTempPath(), $"chapter4-{Guid.NewGuid():N}{suffix}");

    [Test]
    public void MissingWeightsFile()
    {
        var r = RunModel("/no/such/weights.pt");
        Assert.That(r.Exit, Is.EqualTo(2));
        Assert.That(r.Err, Is.EqualTo("error: model: --weights: file '/no/such/weights.pt' not found\n"));
    }

    [TestCase("garbage")]
    [TestCase("truncated")]
    public void CorruptWeightsFile(string kind)
    {
        string path = Temp();
        byte[] real = File.ReadAllBytes(Path.Combine(ParityTests.FixtureDir, "model-demo-weights.pt"));
        File.WriteAllBytes(path, kind == "garbage" ? "definitely not a zip of a pickle"u8.ToArray() : real[..(real.Length / 2)]);
        try
        {
            var r = RunModel(path);
            Assert.That(r.Exit, Is.EqualTo(2));
            Assert.That(r.Err, Does.Contain("is not a PyTorch state_dict saved with torch.save"));
            Assert.That(r.Err.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(1));
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void WeightsWithOtherNames()
    {
        string path = Temp();
        using (var other = nn.Sequential(("hidden", nn.Linear(3, 3)), ("out", nn.Linear(3, 2)))) other.save_py(path);
        try
        {
            var r = RunModel(path);
            Assert.That(r.Exit, Is.EqualTo(2));
            Assert.That(r.Err, Does.Contain("does not fit ModelDemo: missing linear1.weight")
                .And.Contain("unexpected hidden.bias, hidden.weight, out.bias, out.weight"));
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void WeightsWithOtherShapes()
    {
        string path = Temp();
        using (var wide = new WideModelDemo()) wide.save_py(path);
        try
        {
            var r = RunModel(path);
            Assert.That(r.Exit, Is.EqualTo(2));
            Assert.That(r.Err, Does.Contain("linear1.weight has shape [3, 4], ModelDemo needs [3, 3]"));
        }
        finally { File.Delete(path); }
    }

    [Test]
    public void XavierNormalDrawsFromANormalDistribution()
    {
        // PyTorch: std = gain·√(2/(fan_in+fan_out)). For a 400×600 weight, std = √(2/1000) ≈ 0.04472.
        // A normal sample has kurtosis 3; a uniform one (TorchSharp 0.107's xavier_normal_) has 1.8.
        torch.manual_seed(0);
        using var w = torch.empty(400, 600);
        Init.XavierNormal(w);
        double std = w.std().item<float>();
        double kurtosis = ((w / std).pow(4)).mean().item<float>();
        Assert.That(std, Is.EqualTo(Math.Sqrt(2.0 / 1000)).Within(0.01).Percent.Or.EqualTo(Math.Sqrt(2.0 / 1000)).Within(3e-4));
        Assert.That(kurtosis, Is.EqualTo(3.0).Within(0.05)); // 240k samples: kurtosis s.e. ≈ √(24/n) ≈ 0.01
    }

    [Test]
    public void KaimingNormalReluStd()
    {
        // std = √2 / √fan_in; fan_in = 500 → 0.06325.
        torch.manual_seed(1);
        using var w = torch.empty(300, 500);
        Init.KaimingNormal(w, Nonlinearity.Relu);
        Assert.That(w.std().item<float>(), Is.EqualTo(Math.Sqrt(2.0 / 500)).Within(1).Percent);
    }

    [Test]
    public void ComparisonFlagsAnEditedValueAndAMissingKey()
    {
        var reference = JsonNode.Parse("""{"loss": 1.5, "w": [1.0, 2.0], "tag": "a"}""");
        var edited = JsonNode.Parse("""{"loss": 1.5001, "w": [1.0], "tag": "b", "extra": 1}""");
        var c = ResultComparison.Compare(reference, edited);
        Assert.That(c.Values.Single(v => v.Path == "loss").Within(1e-6, 1e-6), Is.False);
        Assert.That(c.Values.Single(v => v.Path == "loss").UlpDistanceFloat32, Is.GreaterThan(8));
        // Neighbouring floats are 1 ulp apart, across zero too: +1e-45 (smallest denormal) to −1e-45 is 2.
        Assert.That(new ComparedValue("x", 1.0, BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(1f) + 1)).UlpDistanceFloat32, Is.EqualTo(1));
        Assert.That(new ComparedValue("x", 1e-45, -1e-45).UlpDistanceFloat32, Is.EqualTo(2));
        Assert.That(c.Mismatches, Is.EquivalentTo(new[]
        {
            "w: length 1, PyTorch has 2",
            "tag: \"b\", PyTorch has \"a\"",
            "extra: not in the PyTorch reference",
        }));
    }

    /// <summary>ModelDemo's parameter names, with a 4-input first layer.</summary>
    private sealed class WideModelDemo : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006
        private readonly TorchSharp.Modules.Linear linear1 = nn.Linear(4, 3);
        private readonly TorchSharp.Modules.Linear linear2 = nn.Linear(3, 2);
        private readonly TorchSharp.Modules.Linear output = nn.Linear(2, 2);
#pragma warning restore IDE1006

        public WideModelDemo() : base(nameof(WideModelDemo)) => RegisterComponents();

        public override Tensor forward(Tensor x) => output.call(linear2.call(linear1.call(x)));
    }
}
