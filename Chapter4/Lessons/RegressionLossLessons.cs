using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Models;
using Chapter4.Printing;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>
/// The course's BCE and three regression-loss snippets are one script with a different criterion;
/// this is that script. Each subclass names its criterion, PyTorch's autograd node and its take-away.
/// </summary>
public abstract class PointwiseLossLesson : Lesson
{
    [Knob("reduction", "how the per-element losses combine")]
    public nn.Reduction Reduction { get; set; } = nn.Reduction.Mean;

    [Knob("y-pred", "the model's outputs (for BCE: probabilities after a sigmoid)")]
    public double[] YPred { get; set; } = [1.3, 1.7, 2.0];

    [Knob("y-true", "the targets (for BCE: labels, 0 or 1)")]
    public double[] YTrue { get; set; } = [1.2, 1.5, 2.0];

    protected abstract Loss<Tensor, Tensor, Tensor> Criterion();

    protected abstract string GradFn { get; }

    /// <summary>Checks the inputs before libtorch sees them (one clear line instead of a native error).</summary>
    protected abstract void Check(Tensor y_pred, Tensor y_true);

    /// <summary>The take-away lines, given the gradient; the lesson may record more results here.</summary>
    protected abstract IEnumerable<string> TakeAway(LessonContext ctx, Tensor y_pred, Tensor y_true);

    public override void Validate()
    {
        // The inputs are checked before the first print: bad targets are bad input, not a lesson that failed half-way.
        using var scope = torch.NewDisposeScope();
        Check(KnobTensors.Vector(YPred), KnobTensors.Vector(YTrue));
    }

    public override void Run(LessonContext ctx)
    {
        var y_true = KnobTensors.Vector(YTrue);
        ctx.Print("y_true->", y_true.dtype);
        var y_pred = KnobTensors.Vector(YPred, requiresGrad: true);
        var criterion = Criterion();
        Check(y_pred, y_true);
        var loss = criterion.call(y_pred, y_true);
        ctx.Print("loss->", new GradFnTensor(loss, GradFn));
        ctx.Print("loss->", loss.requires_grad);

        loss.sum().backward();
        ctx.Result("y_pred", y_pred);
        ctx.Result("y_true", y_true);
        ctx.Result("loss", loss);
        ctx.Result("requires_grad", loss.requires_grad);
        ctx.Result("grad", y_pred.grad);

        ctx.Note("");
        var lines = TakeAway(ctx, y_pred, y_true).ToList();
        ctx.Note("Take-away: " + lines[0]);
        foreach (string line in lines.Skip(1)) ctx.Note("  " + line);
    }
}

/// <summary>The regression losses share one check: prediction and target of the same shape.</summary>
public abstract class RegressionLossLesson : PointwiseLossLesson
{
    protected abstract string LossName { get; }

    protected override void Check(Tensor y_pred, Tensor y_true) => LossChecks.SameShape(LossName, y_pred, y_true);

    protected abstract string TakeAway(Tensor grad);

    protected override IEnumerable<string> TakeAway(LessonContext ctx, Tensor y_pred, Tensor y_true) => [TakeAway(y_pred.grad!)];
}

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
    protected override string TakeAway(Tensor grad) =>
        $"MAE's gradient is ±1 per element (÷n for mean), and 0 where the error is 0 (not differentiable there; PyTorch uses 0): {TorchRepr.Str(grad)}";
}

/// <summary>MSE损失函数: nn.MSELoss.</summary>
public sealed class MseLossLesson : RegressionLossLesson
{
    public override string Id => "loss-mse";
    public override string? Snippet => "2.3.2-mse";
    public override CourseSection Section => CourseOutline.MseLoss;
    public override string Description => "nn.MSELoss() on y_pred [1.3, 1.7, 2.0] vs y_true [1.2, 1.5, 2.0]";
    protected override string LossName => "MSELoss";
    protected override Loss<Tensor, Tensor, Tensor> Criterion() => nn.MSELoss(reduction: Reduction);
    protected override string GradFn => "MseLossBackward0";
    protected override string TakeAway(Tensor grad) =>
        $"MSE's gradient 2·error (÷n for mean) grows with the error, so outliers dominate and can blow up training: {TorchRepr.Str(grad)}";
}

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
    protected override string TakeAway(Tensor grad)
    {
        if (Beta > 0)
            return $"Smooth L1 is 0.5·e²/beta inside |e| < beta (gradient e/beta, small near the minimum) and |e| − 0.5·beta outside " +
                   $"(gradient ±1: an outlier pulls no harder than any other point, though it still pulls): {TorchRepr.Str(grad)}";
        // beta = 0 has no quadratic part: the loss is MAE. PyTorch 1.13's gradient at an error of exactly 0 is its own.
        double[] errors = YPred.Zip(YTrue, (p, t) => (double)((float)p - (float)t)).ToArray();
        double[] g = TensorValues.ToDoubles(grad);
        var atZero = errors.Select((e, i) => (e, i)).Where(x => x.e == 0).Select(x => PyFormat.Fixed(g[x.i], 4)).ToList();
        return $"With beta = 0 there is no quadratic part: Smooth L1 is MAE, gradient ±1 (÷n for mean): {TorchRepr.Str(grad)}" +
               (atZero.Count > 0 ? $". Where the error is exactly 0 PyTorch gives {string.Join(", ", atZero)} (MAE's convention is 0; e/beta is undefined)." : ".");
    }
}
