using Chapter4.Claims;
using Chapter4.Harness;
using Chapter4.Models;
using Chapter4.Printing;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>The regression losses share one check (prediction and target of the same shape) and one take-away: the gradient against its formula.</summary>
public abstract class RegressionLossLesson : PointwiseLossLesson
{
    [Knob("reduction", "how the per-element losses combine")]
    public override nn.Reduction Reduction { get; set; } = nn.Reduction.Mean;

    [Knob("y-pred", "the model's predictions (real numbers, one per target)")]
    public override double[] YPred { get; set; } = [1.3, 1.7, 2.0];

    [Knob("y-true", "the targets (real numbers, as many as --y-pred)")]
    public override double[] YTrue { get; set; } = [1.2, 1.5, 2.0];

    protected abstract string LossName { get; }

    protected override void Check(Tensor y_pred, Tensor y_true) => LossChecks.SameShape(LossName, y_pred, y_true);

    /// <summary>Each element's gradient by the loss's formula, before the reduction's scale (NaN: no formula there, left out of the comparison).</summary>
    protected abstract double ExpectedGradient(double error);

    /// <summary>The formula's name as the comparison records it, e.g. "sign(e)".</summary>
    protected abstract string Formula { get; }

    /// <summary>The sentence's key (the reduction's suffix is added) and the arguments after the gradient row and n.</summary>
    protected abstract (string Key, object?[] Args, (string, double)[] Quotes) GradientSentence();

    protected override void TakeAway(LessonContext ctx, Tensor y_pred, Tensor y_true)
    {
        double[] grad = TensorValues.ToDoubles(y_pred.grad!), errors = Errors;
        var known = Enumerable.Range(0, grad.Length).Where(i => !double.IsNaN(ExpectedGradient(errors[i]))).ToList();
        // Autograd's float32 gradient against the formula in float64: float32 rounding of e/beta or 2e/n (≈ 1e-7 relative).
        var claim = Claim.Identity($"d {LossName}/d y_pred", known.Select(i => grad[i]).ToArray(),
            $"{Formula}·{(Reduction == nn.Reduction.Mean ? "1/n" : "1")}", known.Select(i => Scale * ExpectedGradient(errors[i])).ToArray(),
            1e-6 * Math.Max(1, grad.Select(Math.Abs).DefaultIfEmpty(0).Max()));
        var (key, args, quotes) = GradientSentence();
        // The sentence prints every element's gradient, also those the formula leaves to PyTorch (e = 0 at beta = 0).
        ctx.Say(claim.Quoting([("n", YPred.Length), .. quotes, .. grad.Select((g, i) => ($"gradient of element {i}", g))]), claim.MaxAbsDiff <= claim.Tolerance ? key + ReductionKey : "grad-other",
            [Row(grad), YPred.Length, .. args]);
        AfterGradient(ctx, grad, errors);
    }

    /// <summary>More sentences after the gradient's (e.g. what happens at an error of exactly 0).</summary>
    protected virtual void AfterGradient(LessonContext ctx, double[] grad, double[] errors) { }
}
