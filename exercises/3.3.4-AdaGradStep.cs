using static TorchSharp.torch;

namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>
    /// 3.3.4 AdaGrad — 像 optim.Adagrad(lr, eps) 那样做一步更新。
    /// sum：到上一步为止累加的梯度平方（第一步前为 0）。先把这一步梯度 g 的平方加进 sum，
    /// 再用它缩放学习率更新权重 w。返回 (新的 w, 新的 sum)。
    ///
    /// One AdaGrad step, as optim.Adagrad(lr, eps) takes it. sum: the squared gradients accumulated so far
    /// (0 before the first step). Add this step's g² to sum, then update w with the learning rate scaled by
    /// it. Return (new w, new sum).
    /// </summary>
    public static (Tensor W, Tensor Sum) AdaGradStep(Tensor w, Tensor grad, Tensor sum, double lr, double eps)
    {
        // TODO: 在这里写你的代码 / write your code here
        throw new NotImplementedException();
    }
}
