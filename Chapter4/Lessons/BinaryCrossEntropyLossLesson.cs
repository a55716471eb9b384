using Chapter4.Claims;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Models;
using Chapter4.Printing;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>二分类任务损失函数: nn.BCELoss on three sigmoid outputs (the shared script is <see cref="PointwiseLossLesson"/>).</summary>
public sealed class BinaryCrossEntropyLossLesson : PointwiseLossLesson
{
    public override string Id => "loss-bce";
    public override string? Snippet => "2.2.2-bce";
    public override CourseSection Section => CourseOutline.BinaryLoss;
    public override string Description => "nn.BCELoss() on the course's sigmoid outputs [0.6901, 0.5459, 0.2469] and labels [0, 1, 0]";

    [Knob("reduction", "how the per-element losses combine")]
    public override nn.Reduction Reduction { get; set; } = nn.Reduction.Mean;

    // 0.6901, 0.5459, 0.2469 -> sigmoid activations
    [Knob("y-pred", "the model's outputs (for BCE: probabilities after a sigmoid)")]
    public override double[] YPred { get; set; } = [0.6901, 0.5459, 0.2469];

    [Knob("y-true", "the targets (for BCE: labels, 0 or 1)")]
    public override double[] YTrue { get; set; } = [0, 1, 0];

    protected override Loss<Tensor, Tensor, Tensor> Criterion() => nn.BCELoss(reduction: Reduction);

    protected override string GradFn => "BinaryCrossEntropyBackward0";

    protected override void Check(Tensor y_pred, Tensor y_true) => LossChecks.BinaryCrossEntropy(y_pred, y_true);

    protected override void TakeAway(LessonContext ctx, Tensor y_pred, Tensor y_true)
    {
        using var logits = torch.logit(y_pred.detach());
        var loss_with_logits = nn.BCEWithLogitsLoss(reduction: Reduction).call(logits, y_true);
        ctx.Result("loss_with_logits", loss_with_logits);
        ctx.Fact("bce-expects");

        double[] p = TensorValues.ToDoubles(y_pred), y = TensorValues.ToDoubles(y_true);
        // log(0) is −∞: BCELoss clamps each log at −100, so a certain and wrong prediction costs exactly 100.
        var wrong = Enumerable.Range(0, p.Length).Where(i => (p[i] == 1 && y[i] != 1) || (p[i] == 0 && y[i] != 0)).ToList();
        if (wrong.Count > 0)
        {
            using var elements = nn.BCELoss(reduction: nn.Reduction.None).call(y_pred.detach(), y_true);
            double[] each = TensorValues.ToDoubles(elements);
            var claim = Claim.Identity("BCELoss of each certain and wrong prediction", wrong.Select(i => each[i]).ToArray(), "the clamp 100", wrong.Select(_ => 100.0).ToArray(), 0)
                .Quoting(("certain and wrong", wrong.Count), ("n", p.Length), ("100/n", 100.0 / p.Length));
            string key = Reduction switch { nn.Reduction.Mean => "clamped-mean", nn.Reduction.Sum => "clamped-sum", _ => "clamped-none" };
            ctx.Say(claim, claim.MaxAbsDiff == 0 ? key : "clamped-other", wrong.Count, p.Length, PyFormat.General(100.0 / p.Length, 4), Row(wrong.Select(i => each[i])));
        }

        using var plain = Criterion().call(y_pred.detach(), y_true);
        double[] bce = TensorValues.ToDoubles(plain);
        double[] withLogits = TensorValues.ToDoubles(loss_with_logits);
        if (withLogits.Any(v => !double.IsFinite(v)))
        {
            ctx.Say(Claim.Fact(), "logits-nonfinite", Row(withLogits));
            return;
        }
        // The same loss from the logit's side: float32 rounding of logit(p) and of the two formulas (≈ 1e-6 relative).
        var same = Claim.Identity("BCEWithLogitsLoss(logit(p))", withLogits, "BCELoss(p)", bce, 1e-5 * Math.Max(1, bce.Max(Math.Abs)));
        ctx.Say(same, same.MaxAbsDiff <= same.Tolerance ? "logits-same" : "logits-differs", Row(withLogits), Row(bce), PyFormat.General(same.MaxAbsDiff, 3));
    }
}
