using static TorchSharp.torch;

namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>
    /// 3.3.6 Adam — 像 optim.Adam(lr, betas=(beta1, beta2), eps) 那样做第 t 步更新（t 从 1 开始）。
    /// m：梯度的指数加权移动平均（β1，像动量）；v：梯度平方的指数加权移动平均（β2，像 RMSProp）；第一步前都为 0。
    /// 用这一步的梯度 g 更新 m 和 v，做偏差修正，再更新权重 w。返回 (新的 w, 新的 m, 新的 v)，m 和 v 不含偏差修正。
    ///
    /// Step t (from 1) of Adam, as optim.Adam(lr, betas=(beta1, beta2), eps) takes it. m: the EWMA of the
    /// gradient (β1, like momentum); v: the EWMA of its square (β2, like RMSProp); both 0 before step 1.
    /// Update m and v with this step's g, correct their bias, then update w. Return (new w, new m, new v),
    /// with m and v uncorrected.
    /// </summary>
    public static (Tensor W, Tensor M, Tensor V) AdamStep(Tensor w, Tensor grad, Tensor m, Tensor v, int t, double lr, double beta1, double beta2, double eps)
    {
        // TODO: 在这里写你的代码 / write your code here
        throw new NotImplementedException();
    }
}
