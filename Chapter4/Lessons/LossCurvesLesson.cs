using Chapter4.Claims;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Language;
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
            new("loss-regression.png", Texts.Get(GetType(), "caption.regression")),
            new("loss-regression-grad.png", Texts.Get(GetType(), "caption.regression-grad")),
            new("loss-classification.png", Texts.Get(GetType(), "caption.classification")),
        ];

    [Knob("beta", "Smooth L1's beta", Min = 0)]
    public double Beta { get; set; } = 1.0;

    /// <summary>Errors and probabilities at which values are printed and checked against PyTorch.</summary>
    private static readonly double[] SampleErrors = [-3, -1.5, -1, -0.5, 0, 0.5, 1, 1.5, 3];
    private static readonly double[] SampleProbabilities = [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99];


    public override void Run(LessonContext ctx)
    {
        // Regression: the loss of a prediction that is off by e (target 0), element by element; e = k/100 for
        // k = −300 … 300, so e = 0 is in the sweep exactly (linspace's middle point is not exactly 0 in float32).
        var (errors, regression) = RegressionCurves(torch.arange(-300, 301, dtype: ScalarType.Float32) / 100);
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

        var (lossPlot, gradPlot) = RegressionPlots(errors, regression);
        ctx.Save(lossPlot, "loss-regression.png");
        ctx.Save(gradPlot, "loss-regression-grad.png");
        ctx.Save(ClassificationPlot(probabilities, classification), "loss-classification.png");
        TakeAways(ctx, errors, regression, samples);
    }

    /// <summary>The regression losses and their gradients against the errors (which hold 0 exactly), by "mae", "mse", "smoothl1".</summary>
    internal (ScottPlot.Plot Loss, ScottPlot.Plot Grad) RegressionPlots(double[] errors, Dictionary<string, (double[] loss, double[] grad)> regression)
    {
        string beta = PyFormat.General(Beta, 4);
        var lossPlot = Figures.Create(T("plot.regression.title"), T("plot.error"), T("plot.loss"));
        var gradPlot = Figures.Create(T("plot.grad.title"), T("plot.error"), T("plot.grad"));
        // Smooth L1 first, wide and dashed, MSE, then MAE on top: at beta = 0 Smooth L1 is MAE, and both must show.
        var series = new (string Name, string Colour, string Legend, bool Dashed)[]
        {
            ("smoothl1", "SmoothL1", T("plot.smoothl1", beta), true), ("mse", "MSE", T("plot.mse"), false), ("mae", "MAE", T("plot.mae"), false),
        };
        int zero = Array.IndexOf(errors, 0.0);
        foreach (var (name, colour, legend, dashed) in series)
        {
            var lossLine = lossPlot.Line(errors, regression[name].loss, legend);
            lossLine.Color = SeriesColors.Of(colour);
            double[] grad = regression[name].grad;
            // A gradient that jumps at 0 (MAE's; Smooth L1's at beta = 0) is two branches and a dot at PyTorch's value
            // at 0, not a vertical segment through values it never takes.
            bool jumps = Math.Abs(grad[zero + 1] - grad[zero - 1]) > 0.5;
            ScottPlot.Plottables.Scatter[] lines = jumps
                ? [gradPlot.Line(errors[..zero], grad[..zero], legend), gradPlot.Line(errors[(zero + 1)..], grad[(zero + 1)..], "")]
                : [gradPlot.Line(errors, grad, legend)];
            foreach (var line in lines.Append(lossLine))
            {
                line.Color = SeriesColors.Of(colour);
                if (dashed) { line.LinePattern = ScottPlot.LinePattern.Dashed; line.LineWidth = 4; }
            }
            if (jumps)
            {
                var dot = gradPlot.Add.ScatterPoints(new[] { 0.0 }, new[] { grad[zero] });
                dot.Color = SeriesColors.Of(colour);
                dot.MarkerShape = ScottPlot.MarkerShape.FilledCircle;
                dot.MarkerSize = dashed ? 13 : 9;
                dot.LegendText = T("plot.at-zero", legend, PyFormat.General(grad[zero], 4));
            }
        }
        return (lossPlot, gradPlot);
    }

    /// <summary>CrossEntropy and BCE for both labels against the predicted probability.</summary>
    internal ScottPlot.Plot ClassificationPlot(double[] probabilities, Dictionary<string, double[]> classification)
    {
        var classPlot = Figures.Create(T("plot.classification.title"), T("plot.probability"), T("plot.loss"));
        var y0 = classPlot.Line(probabilities, classification["bce_y0"], T("plot.bce-y0"));
        y0.Color = SeriesColors.Of("BCE y=0");
        var y1 = classPlot.Line(probabilities, classification["bce_y1"], T("plot.bce-y1"));
        y1.Color = SeriesColors.Of("BCE y=1");
        y1.LineWidth = 5;
        // CE's −log p of the true class is exactly BCE's curve for y = 1: dashed on top of the wide BCE line, so neither hides the other.
        var ce = classPlot.Line(probabilities, classification["ce"], T("plot.ce"));
        ce.Color = SeriesColors.Of("CrossEntropy");
        ce.LinePattern = ScottPlot.LinePattern.Dashed;
        return classPlot;
    }

    private void TakeAways(LessonContext ctx, double[] errors, Dictionary<string, (double[] loss, double[] grad)> regression,
        Dictionary<string, (double[] loss, double[] grad)> samples)
    {
        ctx.Note("");
        int zero = Array.IndexOf(errors, 0.0);
        double maeAtZero = regression["mae"].grad[zero];
        ctx.Say(Claim.Compare("d MAE/de at e = 0", maeAtZero, "0", 0), maeAtZero == 0 ? "mae-at-zero" : "mae-at-zero-other", PyFormat.General(maeAtZero, 4));
        // MSE's gradient is 2e: the samples' autograd gradients against 2e, within float32 rounding.
        double[] twoE = SampleErrors.Select(e => 2 * e).ToArray();
        var mse = Claim.Identity("d MSE/de", samples["mse"].grad, "2e", twoE, 1e-6);
        ctx.Say(mse, mse.MaxAbsDiff <= mse.Tolerance ? "mse-linear" : "mse-not-linear",
            PyFormat.General(SampleErrors[^1], 4), PyFormat.General(samples["mse"].grad[^1], 4), PyFormat.General(mse.MaxAbsDiff, 3));
        double[] smooth = regression["smoothl1"].grad;
        double largest = smooth.Max(Math.Abs), edge = errors[^1];
        var cap = Claim.Threshold("max |d SmoothL1/de| over the sweep", largest, 1, 1e-6).Quoting(("beta", Beta), ("largest error", edge));
        string beta = PyFormat.General(Beta, 4);
        if (Beta == 0) ctx.Say(cap.Quoting(("gradient at 0", smooth[zero])), "smoothl1-beta0", PyFormat.General(smooth[zero], 4));
        else ctx.Say(cap, cap.Relation == "≈" ? "smoothl1-capped" : "smoothl1-not-reached", beta, PyFormat.General(largest, 4), PyFormat.General(edge, 4));
    }

    /// <summary>Python's f"{v:{width}.{decimals}f}": ties round half to even (.NET's "0.0000" would print 0.0313 for 1/32).</summary>
    private static string F(double v, int width, int decimals = 4) => PyFormat.Fixed(v, decimals).PadLeft(width);

    internal (double[] Errors, Dictionary<string, (double[] loss, double[] grad)> Curves) RegressionCurves(Tensor errors)
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
