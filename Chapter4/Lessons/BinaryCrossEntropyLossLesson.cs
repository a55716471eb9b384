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

    public BinaryCrossEntropyLossLesson()
    {
        // 0.6901, 0.5459, 0.2469 -> sigmoid activations
        YPred = [0.6901, 0.5459, 0.2469];
        YTrue = [0, 1, 0];
    }

    protected override Loss<Tensor, Tensor, Tensor> Criterion() => nn.BCELoss(reduction: Reduction);

    protected override string GradFn => "BinaryCrossEntropyBackward0";

    protected override void Check(Tensor y_pred, Tensor y_true) => LossChecks.BinaryCrossEntropy(y_pred, y_true);

    protected override IEnumerable<string> TakeAway(LessonContext ctx, Tensor y_pred, Tensor y_true)
    {
        using var logits = torch.logit(y_pred.detach());
        var loss_with_logits = nn.BCEWithLogitsLoss(reduction: Reduction).call(logits, y_true);
        ctx.Result("loss_with_logits", loss_with_logits);
        var lines = new List<string> { "BCELoss expects probabilities in [0, 1], i.e. after a sigmoid." };
        double[] p = TensorValues.ToDoubles(y_pred), y = TensorValues.ToDoubles(y_true);
        // log(0) is −∞: BCELoss clamps each log at −100, so a certain and wrong prediction costs exactly 100.
        int certainAndWrong = p.Where((v, i) => (v == 1 && y[i] != 1) || (v == 0 && y[i] != 0)).Count();
        if (certainAndWrong > 0)
            lines.Add($"{certainAndWrong} of the {p.Length} predictions are exactly 0 or 1 and wrong: log(0) = −∞, which BCELoss clamps to −100, " +
                      "so each of them adds exactly 100 to the summed loss instead of infinity.");
        bool saturated = p.Any(v => v is 0 or 1);
        lines.Add(saturated
            ? $"BCEWithLogitsLoss on logit(p) gives {TorchRepr.Str(loss_with_logits)}: logit(0) = −∞ and logit(1) = +∞, so turning a saturated probability back into a logit fails. " +
              "It is safer on the logits a model outputs (it never forms a probability), not on probabilities."
            : $"BCEWithLogitsLoss takes the raw logits instead (sigmoid inside, never forming the probability): on logit(p) it gives {TorchRepr.Str(loss_with_logits)}.");
        return lines;
    }
}
