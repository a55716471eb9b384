using static TorchSharp.torch;

namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>2.2.1: −log_softmax(z)[y], the row maximum m subtracted first: (z − m) − log Σ exp(z − m) (reference solution).</summary>
    public static Tensor CrossEntropy(Tensor logits, Tensor target)
    {
        var shifted = logits - logits.amax([1], keepdim: true);
        var logSoftmax = shifted - shifted.exp().sum([1], keepdim: true).log();
        return -logSoftmax.gather(1, target.unsqueeze(1)).squeeze(1);
    }
}
