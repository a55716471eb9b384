using static TorchSharp.torch;

namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>3.3.4: s = s + g²; w − lr·g/(√s + ε) (reference solution).</summary>
    public static (Tensor W, Tensor Sum) AdaGradStep(Tensor w, Tensor grad, Tensor sum, double lr, double eps)
    {
        var s = sum + grad * grad;
        return (w - lr * grad / (s.sqrt() + eps), s);
    }
}
