using Chapter4.Claims;
using Chapter4.Course;
using Chapter4.Harness;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>MAE回归损失函数: nn.L1Loss.</summary>
public sealed class MaeLossLesson : RegressionLossLesson
{
    public override string Id => "loss-mae";
    public override string? Snippet => "2.3.1-mae";
    public override CourseSection Section => CourseOutline.MaeLoss;
    public override string Description => "nn.L1Loss() (MAE) on y_pred [1.3, 1.7, 2.0] vs y_true [1.2, 1.5, 2.0]";
    protected override string LossName => "L1Loss";
    protected override Loss<Tensor, Tensor, Tensor> Criterion() => nn.L1Loss(reduction: Reduction);
    protected override string GradFn => Reduction switch
    {
        nn.Reduction.None => "AbsBackward0",
        nn.Reduction.Sum => "SumBackward0",
        _ => "MeanBackward0",
    };

    // sign(e), with PyTorch's sign(0) = 0 where MAE is not differentiable.
    protected override double ExpectedGradient(double error) => Math.Sign(error);
    protected override string Formula => "sign(e)";
    protected override (string Key, object?[] Args, (string, double)[] Quotes) GradientSentence() => ("mae-grad", [], []);

    protected override void AfterGradient(LessonContext ctx, double[] grad, double[] errors)
    {
        var atZero = Enumerable.Range(0, errors.Length).Where(i => errors[i] == 0).ToList();
        if (atZero.Count == 0) return;
        var claim = Claim.Identity("d L1Loss/d y_pred where e = 0", atZero.Select(i => grad[i]).ToArray(), "0", atZero.Select(_ => 0.0).ToArray(), 0)
            .Quoting(("elements with e = 0", atZero.Count), ("n", errors.Length));
        ctx.Say(claim, claim.MaxAbsDiff == 0 ? "mae-at-zero" : "mae-at-zero-other", atZero.Count, errors.Length, Row(atZero.Select(i => grad[i])));
    }
}
