using Chapter4.Claims;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Printing;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>Smooth L1损失函数: nn.SmoothL1Loss.</summary>
public sealed class SmoothL1LossLesson : RegressionLossLesson
{
    public override string Id => "loss-smoothl1";
    public override string? Snippet => "2.3.3-smooth-l1";
    public override CourseSection Section => CourseOutline.SmoothL1Loss;
    public override string Description => "nn.SmoothL1Loss() on y_pred [1.3, 1.7, 2.0] vs y_true [1.2, 1.5, 2.0]; quadratic inside |error| < beta";

    [Knob("beta", "where the loss turns from quadratic to linear", Min = 0)]
    public double Beta { get; set; } = 1.0;

    protected override string LossName => "SmoothL1Loss";
    protected override Loss<Tensor, Tensor, Tensor> Criterion() => nn.SmoothL1Loss(reduction: Reduction, beta: Beta);
    protected override string GradFn => "SmoothL1LossBackward0";

    // e/beta inside |e| < beta, sign(e) outside. With beta = 0 there is no inside, and at e = 0 e/beta is 0/0:
    // PyTorch's value there is its own (said separately, not compared).
    protected override double ExpectedGradient(double error) =>
        Beta == 0 ? (error == 0 ? double.NaN : Math.Sign(error))
        : Math.Abs(error) < Beta ? error / Beta : Math.Sign(error);
    protected override string Formula => Beta == 0 ? "sign(e)" : "e/beta inside |e| < beta, sign(e) outside";

    protected override (string Key, object?[] Args, (string, double)[] Quotes) GradientSentence()
    {
        if (Beta == 0) return ("smoothl1-beta0-grad", [], [("beta", 0)]);
        int inside = Errors.Count(e => Math.Abs(e) < Beta);
        return ("smoothl1-grad", [PyFormat.General(Beta, 4), inside], [("beta", Beta), ("inside", inside)]);
    }

    protected override void AfterGradient(LessonContext ctx, double[] grad, double[] errors)
    {
        if (Beta != 0) return;
        var atZero = Enumerable.Range(0, errors.Length).Where(i => errors[i] == 0).ToList();
        if (atZero.Count == 0) return;
        ctx.Say(Claim.Fact().Quoting([("elements with e = 0", atZero.Count), .. atZero.Select(i => ($"gradient of element {i}", grad[i]))]),
            "smoothl1-beta0-at-zero", Row(atZero.Select(i => grad[i])));
    }
}
