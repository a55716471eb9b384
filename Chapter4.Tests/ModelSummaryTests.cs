using Chapter4.Models;
using NUnit.Framework;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Tests;

[TestOf(typeof(Chapter4.Models.ModelSummary))]
public class ModelSummaryTests
{
    [Test]
    public void ModelDemoHas26TrainableParameters()
    {
        torch.manual_seed(0);
        var summary = ModelSummary.Of(new ModelDemo(), [5, 3]);
        // Linear(3,3): 3·3+3 = 12; Linear(3,2): 3·2+2 = 8; Linear(2,2): 2·2+2 = 6.
        Assert.That(summary.Layers.Select(l => (l.Name, l.ParamCount)),
            Is.EqualTo(new[] { ("Linear-1", 12L), ("Linear-2", 8L), ("Linear-3", 6L) }));
        Assert.That(summary.Layers.Select(l => l.OutputShape),
            Is.EqualTo(new[] { new long[] { -1, 5, 3 }, [-1, 5, 2], [-1, 5, 2] }));
        Assert.That((summary.TotalParams, summary.TrainableParams, summary.NonTrainableParams), Is.EqualTo((26L, 26L, 0L)));
        // torchsummary's formulas: |15·(-1)·4| B, |2·(-15-10-10)·4| B, 26·4 B, each / 2^20.
        Assert.That(summary.InputSizeMb, Is.EqualTo(60.0 / 1048576));
        Assert.That(summary.ForwardBackwardSizeMb, Is.EqualTo(280.0 / 1048576));
        Assert.That(summary.ParamsSizeMb, Is.EqualTo(104.0 / 1048576));
    }

    [Test]
    public void FrozenLayerCountsAsNonTrainable()
    {
        var model = new FrozenFirstLayer();
        var summary = ModelSummary.Of(model, [4], batchSize: 16);
        // Linear(4,8) = 40 frozen, ReLU 0, Linear(8,2) = 18 trainable.
        Assert.That(summary.Layers.Select(l => l.Name), Is.EqualTo(new[] { "Linear-1", "ReLU-2", "Linear-3" }));
        Assert.That((summary.TotalParams, summary.TrainableParams, summary.NonTrainableParams), Is.EqualTo((58L, 18L, 40L)));
        Assert.That(summary.Layers[0].OutputShape, Is.EqualTo(new long[] { 16, 8 }));
        Assert.That(summary.Text, Does.Contain("Non-trainable params: 40"));
        Assert.That(summary.Text, Does.Contain("            Linear-1                    [16, 8]              40")); // torchsummary: "{:>20}  {:>25} {:>15}"
    }

    [Test]
    public void ThousandsSeparatorInTable()
    {
        var summary = ModelSummary.Of(new Wide(), [100]);
        Assert.That(summary.TotalParams, Is.EqualTo(100 * 1000 + 1000));
        Assert.That(summary.Text, Does.Contain("Total params: 101,000"));
        Assert.That(summary.Text, Does.Contain("Params size (MB): 0.39")); // 101000·4 / 2^20 = 0.3853
    }

    private sealed class FrozenFirstLayer : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006 // TorchSharp names the parameters after these fields, as PyTorch does
        private readonly TorchSharp.Modules.Linear first = nn.Linear(4, 8);
        private readonly TorchSharp.Modules.ReLU act = nn.ReLU();
        private readonly TorchSharp.Modules.Linear second = nn.Linear(8, 2);
#pragma warning restore IDE1006

        public FrozenFirstLayer() : base(nameof(FrozenFirstLayer))
        {
            RegisterComponents();
            foreach (var p in first.parameters()) p.requires_grad = false;
        }

        public override Tensor forward(Tensor x) => second.call(act.call(first.call(x)));
    }

    private sealed class Wide : nn.Module<Tensor, Tensor>
    {
#pragma warning disable IDE1006 // TorchSharp names the parameters after this field, as PyTorch does
        private readonly TorchSharp.Modules.Linear layer = nn.Linear(100, 1000);
#pragma warning restore IDE1006

        public Wide() : base(nameof(Wide)) => RegisterComponents();

        public override Tensor forward(Tensor x) => layer.call(x);
    }
}
