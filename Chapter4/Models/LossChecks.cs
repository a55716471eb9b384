using System.Globalization;
using Chapter4.Harness;
using Chapter4.Language;
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
            throw Refused("ce.prediction-shape", Shape(prediction));
        long classes = prediction.shape[^1];
        if (is_floating_point(target))
        {
            if (!target.shape.SequenceEqual(prediction.shape))
                throw Refused("ce.probability-shape", Shape(prediction), Shape(target));
            return;
        }
        long[] expected = prediction.dim() == 2 ? [prediction.shape[0]] : [];
        if (!target.shape.SequenceEqual(expected))
            throw Refused("ce.index-shape", Text.Shape(expected), Shape(prediction), Shape(target));
        long min = target.min().item<long>(), max = target.max().item<long>();
        if (min < 0 || max >= classes)
            throw Refused("ce.index-out-of-range", min < 0 ? min : max, classes, classes - 1);
    }

    /// <summary>Class indices given as numbers must be whole numbers.</summary>
    public static Tensor ClassIndices(double[] values)
    {
        foreach (double v in values)
        {
            if (v != Math.Floor(v))
                throw Refused("ce.index-not-whole", Text.Number(v));
            if (v < 0 || v > int.MaxValue)
                throw Refused("ce.index-too-large", Text.Number(v));
        }
        return tensor(values.Select(v => (long)v).ToArray());
    }

    /// <summary>BCELoss: probabilities in [0, 1], target shaped like the prediction.</summary>
    public static void BinaryCrossEntropy(Tensor prediction, Tensor target)
    {
        SameShape("BCELoss", prediction, target);
        float min = prediction.min().item<float>(), max = prediction.max().item<float>();
        if (min < 0 || max > 1)
            throw Refused("bce.prediction-range", Float32(min < 0 ? min : max));
        float low = target.min().item<float>(), high = target.max().item<float>();
        if (low < 0 || high > 1)
            throw Refused("bce.target-range", Float32(low < 0 ? low : high));
    }

    /// <summary>Regression losses compare element by element.</summary>
    public static void SameShape(string loss, Tensor prediction, Tensor target)
    {
        if (!prediction.shape.SequenceEqual(target.shape))
            throw Refused("same-shape", loss, Shape(prediction), Shape(target));
    }

    private static string Shape(Tensor t) => Text.Shape(t.shape);

    /// <summary>A float32 value as the learner wrote it: 1.2, not its float64 widening 1.2000000476837158.</summary>
    private static string Float32(float value) => value.ToString("R", CultureInfo.InvariantCulture).Replace("E", "e", StringComparison.Ordinal);

    /// <summary>The refusal in the learner's language (numbers formatted invariantly).</summary>
    private static LessonInputException Refused(string key, params object?[] args) => new(Texts.Format(typeof(LossChecks), key, args));

}
