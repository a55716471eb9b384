using static TorchSharp.torch;

namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>
    /// 1.1 构建神经网络模型 — 用课程的初始化搭建 ModelDemo 并返回它。
    /// 结构：Linear(3, 3) → sigmoid → Linear(3, 2) → relu → Linear(2, 2) → softmax(dim = −1)。
    /// 初始化：linear1.weight 用 xavier_normal_、linear1.bias 置零；linear2.weight 用 kaiming_normal_(relu)、
    /// linear2.bias 置零；output 层保持 PyTorch 的默认初始化。随机数的抽取顺序要和课程一致。
    /// 注意：TorchSharp 0.107 的 nn.init.xavier_normal_ 有 bug（按均匀分布采样），见 snippets/1.1-model.cs 或提示 3。
    ///
    /// Build the course's ModelDemo and return it: Linear(3, 3) → sigmoid → Linear(3, 2) → relu → Linear(2, 2)
    /// → softmax over the last dimension; linear1.weight xavier_normal_, linear1.bias zeros; linear2.weight
    /// kaiming_normal_ for relu, linear2.bias zeros; the output layer keeps PyTorch's default init. The random
    /// numbers must be drawn in the course's order. The checker seeds the generator, calls this, then draws
    /// data = torch.randn(5, 3) and compares every parameter and model(data) with PyTorch's (output shape [5, 2]).
    /// Note: TorchSharp 0.107's nn.init.xavier_normal_ samples a uniform distribution (a bug): see
    /// snippets/1.1-model.cs or hint 3.
    /// </summary>
    public static nn.Module<Tensor, Tensor> BuildModelDemo()
    {
        // TODO: 在这里写你的代码 / write your code here (nn.Sequential is fine)
        throw new NotImplementedException();
    }
}
