using static TorchSharp.torch;

namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>
    /// 2.2.2 二分类任务损失函数 — 手算二分类交叉熵 nn.BCELoss()（默认 reduction='mean'），不调用它。
    /// p：sigmoid 输出的概率（float32，形状 [N]）；y：真实标签 0 或 1（float32，形状 [N]）。
    /// 返回一个数：mean(−[y·log(p) + (1 − y)·log(1 − p)])，和 PyTorch 一样处理 p 恰为 0 或 1 的情况。
    ///
    /// Binary cross-entropy by hand, as nn.BCELoss() computes it (reduction='mean'), without calling it.
    /// p: probabilities (sigmoid outputs, float32, shape [N]); y: labels 0 or 1 (float32, shape [N]).
    /// Return one number, mean(−[y·log(p) + (1 − y)·log(1 − p)]), handling p exactly 0 or 1 as PyTorch does.
    /// </summary>
    public static Tensor BinaryCrossEntropy(Tensor p, Tensor y)
    {
        // TODO: 在这里写你的代码 / write your code here
        throw new NotImplementedException();
    }
}
