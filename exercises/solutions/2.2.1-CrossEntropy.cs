using static TorchSharp.torch;

namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>2.2.1: log Σ exp(z) − z_y with the row maximum subtracted first (reference solution).</summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor target)
    {
        var max = logits.amax([1], keepdim: true);
        var logSumExp = max + (logits - max).exp().sum([1], keepdim: true).log();
        var logSoftmax = logits - logSumExp;
        return -logSoftmax.gather(1, target.unsqueeze(1)).squeeze(1);
    }
}
