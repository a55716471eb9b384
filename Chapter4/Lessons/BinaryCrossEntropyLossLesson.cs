using Chapter4.Harness;
using Chapter4.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>二分类任务损失函数: nn.BCELoss on three sigmoid outputs (the shared script is <see cref="PointwiseLossLesson"/>).</summary>
public sealed class BinaryCrossEntropyLossLesson : PointwiseLossLesson
{
    public override string Id => "loss-bce";
    public override CourseSection Section => Course.BinaryLoss;
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
        return
        [
            "BCELoss expects probabilities in [0, 1], i.e. after a sigmoid.",
            $"BCEWithLogitsLoss takes the raw logits instead (sigmoid inside, numerically safer): on logit(p) it gives {TorchRepr.Str(loss_with_logits)}.",
        ];
    }
}
