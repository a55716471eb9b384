using Chapter4.Models;
using NUnit.Framework;
using TorchSharp;

namespace Chapter4.Tests;

[TestOf(typeof(Chapter4.Models.ModelDemo))]
public class ModelDemoTests
{
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

}
