using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>1.1 构建神经网络模型: the course's ModelDemo, built as nn.Sequential (reference solution).</summary>
    public static nn.Module<Tensor, Tensor> BuildModelDemo()
    {
        // Create all three layers first, as the course does: each nn.Linear draws its default init in order.
        var linear1 = nn.Linear(3, 3);
        var linear2 = nn.Linear(3, 2);
        var output = nn.Linear(2, 2);
        // xavier_normal_ by hand: TorchSharp 0.107's nn.init.xavier_normal_ samples a uniform distribution.
        var w1 = linear1.weight!;
        double std = Math.Sqrt(2.0 / (w1.shape[1] + w1.shape[0]));
        using (torch.no_grad()) w1.normal_(0, std);
        nn.init.zeros_(linear1.bias!);
        nn.init.kaiming_normal_(linear2.weight!, nonlinearity: nn.init.NonlinearityType.ReLU);
        nn.init.zeros_(linear2.bias!);
        return nn.Sequential(linear1, nn.Sigmoid(), linear2, nn.ReLU(), output, nn.Softmax(-1));
    }
}
