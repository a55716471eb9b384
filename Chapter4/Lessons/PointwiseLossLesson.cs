using Chapter4.Harness;
using Chapter4.Printing;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>
/// The course's BCE and three regression-loss snippets are one script with a different criterion;
/// this is that script. Each subclass names its criterion, PyTorch's autograd node and its take-aways.
/// </summary>
public abstract class PointwiseLossLesson : Lesson
{
    // The three knobs are declared by the subclasses, in this order (--reduction, --y-pred, --y-true), so that each can say
    // what its values are: a regression target is any real number, a BCE label is 0 or 1.

    /// <summary>The --reduction knob.</summary>
    public abstract nn.Reduction Reduction { get; set; }

    /// <summary>The --y-pred knob.</summary>
    public abstract double[] YPred { get; set; }

    /// <summary>The --y-true knob.</summary>
    public abstract double[] YTrue { get; set; }

    protected abstract Loss<Tensor, Tensor, Tensor> Criterion();

    protected abstract string GradFn { get; }

    /// <summary>Checks the inputs before libtorch sees them (one clear line instead of a native error).</summary>
    protected abstract void Check(Tensor y_pred, Tensor y_true);

    /// <summary>Says the take-aways (ctx.Say), given the gradient in y_pred.grad; the lesson may record more results here.</summary>
    protected abstract void TakeAway(LessonContext ctx, Tensor y_pred, Tensor y_true);

    /// <summary>What backward multiplies each element's gradient by: 1/n for 'mean', 1 for 'sum' and for 'none' (summed here before backward).</summary>
    protected double Scale => Reduction == nn.Reduction.Mean ? 1.0 / YPred.Length : 1.0;

    /// <summary>"-mean" or "-sum": the sentence for the reduction (a 'none' loss is summed before backward, as 'sum').</summary>
    protected string ReductionKey => Reduction == nn.Reduction.Mean ? "-mean" : "-sum";

    /// <summary>The errors e = y_pred − y_true as float32 computes them (the sign of a float32 difference is exact).</summary>
    protected double[] Errors => YPred.Zip(YTrue, (p, t) => (double)((float)p - (float)t)).ToArray();

    /// <summary>Values as a sentence shows them: 4 significant digits, comma-separated.</summary>
    protected static string Row(IEnumerable<double> values) => string.Join(", ", values.Select(v => PyFormat.General(v, 4)));

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
        TakeAway(ctx, y_pred, y_true);
    }
}
