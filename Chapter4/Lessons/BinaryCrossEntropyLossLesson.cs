using Chapter4.Harness;
using Chapter4.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>二分类任务损失函数: nn.BCELoss on three sigmoid outputs.</summary>
public sealed class BinaryCrossEntropyLossLesson : Lesson
{
    public override string Id => "loss-bce";
    public override CourseSection Section => Course.BinaryLoss;
    public override string Description => "nn.BCELoss() on the course's sigmoid outputs [0.6901, 0.5459, 0.2469] and labels [0, 1, 0]";

    [Knob("reduction", "how the per-sample losses combine")]
    public nn.Reduction Reduction { get; set; } = nn.Reduction.Mean;

    [Knob("y-pred", "predicted probabilities (sigmoid outputs)")]
    public double[] YPred { get; set; } = [0.6901, 0.5459, 0.2469];

    [Knob("y-true", "labels, 0 or 1")]
    public double[] YTrue { get; set; } = [0, 1, 0];

    public override void Run(LessonContext ctx)
    {
        var y_true = KnobTensors.Vector(YTrue);
        ctx.Print("y_true->", y_true.dtype);
        // 0.6901, 0.5459, 0.2469 -> sigmoid activations
        var y_pred = KnobTensors.Vector(YPred, requiresGrad: true);
        var criterion = nn.BCELoss(reduction: Reduction);
        LossChecks.BinaryCrossEntropy(y_pred, y_true);
        var loss = criterion.call(y_pred, y_true);
        ctx.Print("loss->", new GradFnTensor(loss, "BinaryCrossEntropyBackward0"));
        ctx.Print("loss->", loss.requires_grad);

        loss.sum().backward();
        using var logits = torch.logit(y_pred.detach());
        var loss_with_logits = nn.BCEWithLogitsLoss(reduction: Reduction).call(logits, y_true);
        ctx.Result("y_pred", y_pred);
        ctx.Result("y_true", y_true);
        ctx.Result("loss", loss);
        ctx.Result("requires_grad", loss.requires_grad);
        ctx.Result("grad", y_pred.grad);
        ctx.Result("loss_with_logits", loss_with_logits);

        ctx.Note("");
        ctx.Note("Take-away: BCELoss expects probabilities in [0, 1], i.e. after a sigmoid.");
        ctx.Note($"  BCEWithLogitsLoss takes the raw logits instead (sigmoid inside, numerically safer): on logit(p) it gives {TorchRepr.Str(loss_with_logits)}.");
    }
}
