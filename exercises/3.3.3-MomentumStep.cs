using static TorchSharp.torch;

namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>
    /// 3.3.3 动量算法(Momentum) — 像 optim.SGD(lr, momentum, dampening) 那样做一步更新。
    /// w：权重；grad：这一步的梯度 g；buffer：上一步的动量缓冲 v（第一步为 null）。
    /// 返回更新后的权重和新的动量缓冲：(w − 学习率·v, v)。PyTorch 的 v 怎样由 g、μ（momentum）、
    /// dampening 和旧的 v 得到？第一步（buffer 为 null）和后面的步骤不同。注意：这不完全是课程的 S_t = (1−β)·g_t + β·S_(t−1)。
    ///
    /// One step of SGD with momentum, exactly as optim.SGD(lr, momentum, dampening) takes it. w: the weights;
    /// grad: this step's gradient g; buffer: the previous step's momentum buffer v (null on the first step).
    /// Return the new weights and the new buffer, (w − lr·v, v). How does PyTorch make v from g, μ (momentum),
    /// dampening and the old v? The first step (buffer null) differs from the later ones. Note: it is not quite
    /// the course's S_t = (1−β)·g_t + β·S_(t−1). The checker runs several steps on the course's loss (w²/2).sum().
    /// </summary>
    public static (Tensor W, Tensor Buffer) MomentumStep(Tensor w, Tensor grad, Tensor? buffer, double lr, double momentum, double dampening)
    {
        // TODO: 在这里写你的代码 / write your code here
        throw new NotImplementedException();
    }
}
