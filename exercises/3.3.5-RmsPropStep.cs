using static TorchSharp.torch;

namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>
    /// 3.3.5 RMSProp — 像 optim.RMSprop(lr, alpha, eps) 那样做一步更新。
    /// squareAvg：梯度平方的指数加权移动平均（第一步前为 0），α（alpha）是它的 β。
    /// 先用这一步的梯度 g 更新 squareAvg，再用它缩放学习率更新权重 w。返回 (新的 w, 新的 squareAvg)。
    ///
    /// One RMSProp step, as optim.RMSprop(lr, alpha, eps) takes it. squareAvg: the exponentially weighted
    /// moving average of squared gradients (0 before the first step), with alpha as its β. Update it with
    /// this step's g, then update w with the learning rate scaled by it. Return (new w, new squareAvg).
    /// </summary>
    public static (Tensor W, Tensor SquareAvg) RmsPropStep(Tensor w, Tensor grad, Tensor squareAvg, double lr, double alpha, double eps)
    {
        // TODO: 在这里写你的代码 / write your code here
        throw new NotImplementedException();
    }
}
