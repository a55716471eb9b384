namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>
    /// 3.2 反向传播算法 — 在 backprop 课的 2-2-2 网络上手算反向传播，返回 8 个梯度 ∂E/∂w1 … ∂E/∂w8。
    /// h1 = σ(w1·i1 + w2·i2 + b1)，h2 = σ(w3·i1 + w4·i2 + b1)，
    /// o1 = σ(w5·h1 + w6·h2 + b2)，o2 = σ(w7·h1 + w8·h2 + b2)，σ 是 sigmoid；
    /// 损失函数 E = ½·[(target1 − o1)² + (target2 − o2)²]。w[0] 是 w1，…，w[7] 是 w8。
    ///
    /// Back-propagation by hand on the backprop lesson's 2-2-2 sigmoid network: return the 8 gradients
    /// ∂E/∂w1 … ∂E/∂w8 of the loss E = ½·[(target1 − o1)² + (target2 − o2)²] with
    /// h1 = σ(w1·i1 + w2·i2 + b1), h2 = σ(w3·i1 + w4·i2 + b1), o1 = σ(w5·h1 + w6·h2 + b2), o2 = σ(w7·h1 + w8·h2 + b2).
    /// w[0] is w1, …, w[7] is w8; i and target have 2 values. Checked against PyTorch's autograd in float64.
    /// </summary>
    public static double[] BackpropGradients(double[] i, double[] target, double[] w, double b1, double b2)
    {
        // TODO: 在这里写你的代码 / write your code here
        throw new NotImplementedException();
    }
}
