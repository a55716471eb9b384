using static TorchSharp.torch;

namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>
    /// 2.2.1 多分类任务损失函数 — 手算交叉熵损失（nn.CrossEntropyLoss(reduction='none')），不调用它。
    /// logits：形状 [N, C] 的 float32（模型未经 softmax 的输出）；target：N 个类别下标（int64）。
    /// 返回每个样本的损失 loss_n = −log softmax(logits_n)[target_n]，形状 [N]；要数值稳定（logits 可到 ±1000）。
    ///
    /// Cross-entropy by hand, as nn.CrossEntropyLoss(reduction='none') computes it, without calling it.
    /// logits: [N, C] float32 (the model's outputs before softmax); target: N class indices (int64).
    /// Return each sample's loss −log softmax(logits_n)[target_n], shape [N]. Numerically stable: the
    /// checker uses logits up to ±1000 (the course's reduction='sum' is the sum of these).
    /// </summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor target)
    {
        // TODO: 在这里写你的代码 / write your code here
        throw new NotImplementedException();
    }
}
