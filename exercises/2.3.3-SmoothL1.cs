using static TorchSharp.torch;

namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>
    /// 2.3.3 Smooth L1损失函数 — 手算 nn.SmoothL1Loss(beta=β)（默认 reduction='mean'），不调用它。
    /// 误差 x = pred − target：|x| &lt; β 时 0.5·x²/β（像 MSE），否则 |x| − 0.5·β（像 MAE）；返回对样本的平均值。
    ///
    /// Smooth L1 by hand, as nn.SmoothL1Loss(beta=β) computes it (reduction='mean'), without calling it.
    /// With x = pred − target: 0.5·x²/β where |x| &lt; β (like MSE), |x| − 0.5·β elsewhere (like MAE);
    /// return the mean over the samples. pred and target: float32, shape [N]. β may be 0.
    /// </summary>
    public static Tensor SmoothL1(Tensor pred, Tensor target, double beta)
    {
        // TODO: 在这里写你的代码 / write your code here
        throw new NotImplementedException();
    }
}
