using Chapter4.Harness;
using static TorchSharp.torch;

namespace Chapter4.Models;

/// <summary>
/// Checks loss inputs before libtorch sees them, so a mistake is one clear sentence instead of a
/// native error. Throws <see cref="LessonInputException"/> (an <see cref="ArgumentException"/>).
/// </summary>
public static class LossChecks
{
    /// <summary>CrossEntropyLoss: class indices (N) in [0, C), or class probabilities shaped like the prediction (N, C).</summary>
    public static void CrossEntropy(Tensor prediction, Tensor target)
    {
        if (prediction.dim() is not (1 or 2))
            throw new LessonInputException($"CrossEntropyLoss: the prediction must be (N, C) or (C), got {Shape(prediction)}");
        long classes = prediction.shape[^1];
        if (is_floating_point(target))
        {
            if (!target.shape.SequenceEqual(prediction.shape))
                throw new LessonInputException($"CrossEntropyLoss: a probability target must have the prediction's shape {Shape(prediction)}, got {Shape(target)}");
            return;
        }
        long[] expected = prediction.dim() == 2 ? [prediction.shape[0]] : [];
        if (!target.shape.SequenceEqual(expected))
            throw new LessonInputException($"CrossEntropyLoss: class-index target must have shape {Text.Shape(expected)} for prediction {Shape(prediction)}, got {Shape(target)}");
        long min = target.min().item<long>(), max = target.max().item<long>();
        if (min < 0 || max >= classes)
            throw new LessonInputException($"CrossEntropyLoss: class index {(min < 0 ? min : max)} is out of range for {classes} classes (0..{classes - 1})");
    }

    /// <summary>Class indices given as numbers must be whole numbers.</summary>
    public static Tensor ClassIndices(double[] values)
    {
        foreach (double v in values)
        {
            if (v != Math.Floor(v))
                throw new LessonInputException($"CrossEntropyLoss: class index {Text.Number(v)} is not a whole number");
            if (v < 0 || v > int.MaxValue)
                throw new LessonInputException($"CrossEntropyLoss: class index {Text.Number(v)} is out of range: a class index is a whole number from 0 to the number of classes - 1");
        }
        return tensor(values.Select(v => (long)v).ToArray());
    }

    /// <summary>BCELoss: probabilities in [0, 1], target shaped like the prediction.</summary>
    public static void BinaryCrossEntropy(Tensor prediction, Tensor target)
    {
        SameShape("BCELoss", prediction, target);
        double min = prediction.min().item<float>(), max = prediction.max().item<float>();
        if (min < 0 || max > 1)
            throw new LessonInputException($"BCELoss: predictions must be probabilities in [0, 1] (apply sigmoid, or use BCEWithLogitsLoss), got {Text.Number(min < 0 ? min : max)}");
        double low = target.min().item<float>(), high = target.max().item<float>();
        if (low < 0 || high > 1)
            throw new LessonInputException($"BCELoss: targets must be in [0, 1] (labels 0 or 1, or soft labels between), got {Text.Number(low < 0 ? low : high)}");
    }

    /// <summary>Regression losses compare element by element.</summary>
    public static void SameShape(string loss, Tensor prediction, Tensor target)
    {
        if (!prediction.shape.SequenceEqual(target.shape))
            throw new LessonInputException($"{loss}: prediction {Shape(prediction)} and target {Shape(target)} must have the same shape");
    }

    private static string Shape(Tensor t) => Text.Shape(t.shape);

}
