using static TorchSharp.torch;

namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>3.3.6: m, v as EWMAs; m̂ = m/(1 − β1^t), v̂ = v/(1 − β2^t); w − lr·m̂/(√v̂ + ε) (reference solution).</summary>
    public static (Tensor W, Tensor M, Tensor V) AdamStep(Tensor w, Tensor grad, Tensor m, Tensor v, int t, double lr, double beta1, double beta2, double eps)
    {
        var newM = beta1 * m + (1 - beta1) * grad;
        var newV = beta2 * v + (1 - beta2) * grad * grad;
        var mHat = newM / (1 - Math.Pow(beta1, t));
        var vHat = newV / (1 - Math.Pow(beta2, t));
        return (w - lr * mHat / (vHat.sqrt() + eps), newM, newV);
    }
}
