using static TorchSharp.torch;

namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>3.3.5: s = α·s + (1 − α)·g²; w − lr·g/(√s + ε) (reference solution).</summary>
    public static (Tensor W, Tensor SquareAvg) RmsPropStep(Tensor w, Tensor grad, Tensor squareAvg, double lr, double alpha, double eps)
    {
        var s = alpha * squareAvg + (1 - alpha) * grad * grad;
        return (w - lr * grad / (s.sqrt() + eps), s);
    }
}
