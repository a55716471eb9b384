using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Plotting;
using Chapter4.Printing;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>The shapes of the five losses, and their gradients by autograd (not typed-in formulas).</summary>
public sealed class LossCurvesLesson : Lesson
{
    public override string Id => "loss-curves";
    public override CourseSection Section => CourseOutline.Losses;
    public override string Description => "MAE, MSE, Smooth L1 against the error with autograd gradients; CrossEntropy and BCE against the probability";
    public override IReadOnlyList<LessonPlot> Plots =>
        [
            new("loss-regression.png", "MAE grows linearly, MSE quadratically, Smooth L1 is quadratic inside |e| < beta and linear outside."),
            new("loss-regression-grad.png", "Their autograd gradients: MAE jumps between -1 and 1, MSE's grows with the error, Smooth L1's is clipped to ±1."),
            new("loss-classification.png", "CrossEntropy's -log p explodes as the true class's probability goes to 0; BCE mirrors it for labels 0 and 1."),
        ];

    [Knob("beta", "Smooth L1's beta", Min = 0)]
    public double Beta { get; set; } = 1.0;

    /// <summary>Errors and probabilities at which values are printed and checked against PyTorch.</summary>
    private static readonly double[] SampleErrors = [-3, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 3];
    private static readonly double[] SampleProbabilities = [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99];

    public override void Run(LessonContext ctx)
    {
        // Regression: the loss of a prediction that is off by e (target 0), element by element.
        var (errors, regression) = RegressionCurves(torch.linspace(-3, 3, 601));
        var (_, samples) = RegressionCurves(KnobTensors.Vector(SampleErrors));

        ctx.Print($"{"error",8} {"MAE",8} {"MSE",8} {"SmoothL1",9} {"dMAE",8} {"dMSE",8} {"dSmoothL1",10}");
        for (int i = 0; i < SampleErrors.Length; i++)
            ctx.Print($"{F(SampleErrors[i], 8, 2)} {F(samples["mae"].loss[i], 8)} {F(samples["mse"].loss[i], 8)} {F(samples["smoothl1"].loss[i], 9)} " +
                      $"{F(samples["mae"].grad[i], 8)} {F(samples["mse"].grad[i], 8)} {F(samples["smoothl1"].grad[i], 10)}");

        // Classification: -log p of the true class (CrossEntropy), and BCE for labels 0 and 1.
        var (probabilities, classification) = ClassificationCurves(torch.linspace(0.005, 0.995, 199));
        var (_, classSamples) = ClassificationCurves(KnobTensors.Vector(SampleProbabilities));
        ctx.Print("");
        ctx.Print($"{"p",6} {"CE -log p",10} {"BCE y=0",8} {"BCE y=1",8}");
        for (int i = 0; i < SampleProbabilities.Length; i++)
            ctx.Print($"{F(SampleProbabilities[i], 6, 2)} {F(classSamples["ce"][i], 10)} {F(classSamples["bce_y0"][i], 8)} {F(classSamples["bce_y1"][i], 8)}");

        ctx.Result("errors", SampleErrors);
        foreach (var (name, (loss, grad)) in samples)
        {
            ctx.Result(name, loss);
            ctx.Result(name + "_grad", grad);
        }
        ctx.Result("probabilities", SampleProbabilities);
        foreach (var (name, values) in classSamples) ctx.Result(name, values);

        var lossPlot = Figures.Create("Regression losses against the error", "error e = prediction - target", "loss");
        var gradPlot = Figures.Create("Their gradients (autograd)", "error e = prediction - target", "d loss / d prediction");
        foreach (var (name, label) in new[] { ("mae", "MAE (L1)"), ("mse", "MSE"), ("smoothl1", $"Smooth L1 (beta={PyFormat.General(Beta, 4)})") })
        {
            lossPlot.Line(errors, regression[name].loss, label);
            gradPlot.Line(errors, regression[name].grad, label);
        }
        ctx.Save(lossPlot, "loss-regression.png");
        ctx.Save(gradPlot, "loss-regression-grad.png");

        var classPlot = Figures.Create("Classification losses against the predicted probability", "predicted probability p", "loss");
        // CE's −log p of the true class is exactly BCE's curve for y = 1: dashed on top, so neither hides the other.
        var ce = classPlot.Line(probabilities, classification["ce"], "CrossEntropy: -log p (true class), same curve as BCE y = 1");
        ce.LinePattern = ScottPlot.LinePattern.Dashed;
        ce.LineWidth = 3;
        classPlot.Line(probabilities, classification["bce_y0"], "BCE, label y = 0");
        classPlot.Line(probabilities, classification["bce_y1"], "BCE, label y = 1");
        classPlot.MoveToTop(ce);
        ctx.Save(classPlot, "loss-classification.png");
    }

    /// <summary>Python's f"{v:{width}.{decimals}f}": ties round half to even (.NET's "0.0000" would print 0.0313 for 1/32).</summary>
    private static string F(double v, int width, int decimals = 4) => PyFormat.Fixed(v, decimals).PadLeft(width);

    private (double[] Errors, Dictionary<string, (double[] loss, double[] grad)> Curves) RegressionCurves(Tensor errors)
    {
        var target = torch.zeros_like(errors);
        var curves = new Dictionary<string, (double[], double[])>();
        foreach (var (name, criterion) in new (string, Loss<Tensor, Tensor, Tensor>)[]
        {
            ("mae", nn.L1Loss(reduction: nn.Reduction.None)),
            ("mse", nn.MSELoss(reduction: nn.Reduction.None)),
            ("smoothl1", nn.SmoothL1Loss(reduction: nn.Reduction.None, beta: Beta)),
        })
        {
            var e = errors.detach().clone().requires_grad_();
            var loss = criterion.call(e, target);
            loss.sum().backward(); // element i's loss depends only on e[i]: e.grad[i] = d loss_i / d e_i
            curves[name] = (TensorValues.ToDoubles(loss), TensorValues.ToDoubles(e.grad!));
        }
        return (TensorValues.ToDoubles(errors), curves);
    }

    private static (double[] Probabilities, Dictionary<string, double[]> Curves) ClassificationCurves(Tensor p)
    {
        var bce = nn.BCELoss(reduction: nn.Reduction.None);
        // CrossEntropy of a model whose softmax gives p to the true class: CE on logits log p.
        var logits = torch.stack([p.log(), (1 - p).log()], dim: 1);
        var ce = nn.CrossEntropyLoss(reduction: nn.Reduction.None).call(logits, torch.zeros(p.shape[0], dtype: ScalarType.Int64));
        return (TensorValues.ToDoubles(p), new Dictionary<string, double[]>
        {
            ["ce"] = TensorValues.ToDoubles(ce),
            ["bce_y0"] = TensorValues.ToDoubles(bce.call(p, torch.zeros_like(p))),
            ["bce_y1"] = TensorValues.ToDoubles(bce.call(p, torch.ones_like(p))),
        });
    }

}
