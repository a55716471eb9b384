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
            if (v != Math.Floor(v))
                throw new LessonInputException($"CrossEntropyLoss: class index {v.ToString(System.Globalization.CultureInfo.InvariantCulture)} is not a whole number");
        return tensor(values.Select(v => (long)v).ToArray());
    }

    /// <summary>BCELoss: probabilities in [0, 1], target shaped like the prediction.</summary>
    public static void BinaryCrossEntropy(Tensor prediction, Tensor target)
    {
        SameShape("BCELoss", prediction, target);
        double min = prediction.min().item<float>(), max = prediction.max().item<float>();
        if (min < 0 || max > 1)
            throw new LessonInputException($"BCELoss: predictions must be probabilities in [0, 1] (apply sigmoid, or use BCEWithLogitsLoss), got {(min < 0 ? min : max):G6}");
    }

    /// <summary>Regression losses compare element by element.</summary>
    public static void SameShape(string loss, Tensor prediction, Tensor target)
    {
        if (!prediction.shape.SequenceEqual(target.shape))
            throw new LessonInputException($"{loss}: prediction {Shape(prediction)} and target {Shape(target)} must have the same shape");
    }

    private static string Shape(Tensor t) => Text.Shape(t.shape);

}
