using static TorchSharp.torch;

namespace Chapter4.Exercises;

public static partial class Learner
{
    /// <summary>2.2.2: the mean of −[y·log p + (1 − y)·log(1 − p)], each log clamped at −100 as PyTorch does (reference solution).</summary>
    public static Tensor BinaryCrossEntropy(Tensor p, Tensor y)
    {
        var logP = p.log().clamp_min(-100);
        var log1MinusP = (1 - p).log().clamp_min(-100);
        return (-(y * logP + (1 - y) * log1MinusP)).mean();
    }
}
