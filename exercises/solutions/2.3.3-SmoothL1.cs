using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>2.3.3: where(|x| &lt; β, 0.5·x²/β, |x| − 0.5·β), averaged (reference solution).</summary>
    public static Tensor SmoothL1(Tensor pred, Tensor target, double beta)
    {
        var error = (pred - target).abs();
        if (beta == 0) return error.mean(); // PyTorch: plain L1, no division by β
        return torch.where(error < beta, 0.5 * error * error / beta, error - 0.5 * beta).mean();
    }
}
