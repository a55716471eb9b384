using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Plotting;
using Chapter4.Printing;
using Chapter4.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>
/// Deepens 回归任务损失函数: the course says Smooth L1 "is not affected by outliers". A line
/// y = 2x + 1 with seeded noise and a few outliers, fitted by gradient descent (Adam) under MSE, L1,
/// Smooth L1 and Huber; and Huber(δ) = δ·SmoothL1(β = δ), shown numerically.
/// </summary>
public sealed class RobustRegressionLesson : Lesson
{
    public override string Id => "robust-regression";
    public override CourseSection Section => CourseOutline.RegressionLosses;
    public override string Description => "a line with outliers fitted under MSE, L1, Smooth L1 and Huber: how far each slope moves; Huber(δ) = δ·SmoothL1(β = δ)";
    public override IReadOnlyList<LessonPlot> Plots =>
        [
            new("robust-regression.png", "The 40 points (4 lifted by +15) and the line each loss fits: MSE's is dragged toward the outliers, L1's, Smooth L1's and Huber's stay near y = 2x + 1 (Huber's dashed over Smooth L1's, the same line)."),
        ];

    [Knob("outliers", "how many of the 40 points get +15 added", Min = 0, Max = 20)]
    public int Outliers { get; set; } = 4;

    [Knob("steps", "gradient-descent steps per fit", Min = 1, Max = 20_000)]
    public int Steps { get; set; } = 500;

    [Knob("lr", "Adam's learning rate", Above = 0)]
    public double Lr { get; set; } = 0.05;

    // Beyond 1e6, Smooth L1's gradient (residual / beta, the residuals are at most about 20) falls toward Adam's eps (1e-8)
    // and the fit freezes where it started, at slope 0 and intercept 0 (--delta 3e38 did).
    [Knob("delta", "Smooth L1's beta and Huber's delta (larger ones freeze Smooth L1's fit: its gradient is residual / beta)", Above = 0, Max = 1e6)]
    public double Delta { get; set; } = 1.0;

    private const double TrueSlope = 2.0, TrueIntercept = 1.0;

    public override void Run(LessonContext ctx)
    {
        // 40 points from −3 to 3; not linspace, whose middle points libtorch 2.10 and PyTorch 1.13 place differently (30 ulps).
        var x = torch.arange(40, dtype: ScalarType.Float32) * (6.0 / 39) - 3;
        var y = TrueSlope * x + TrueIntercept + 0.3 * torch.randn(40);
        if (Outliers > 0)
        {
            using var at = torch.arange(Outliers, dtype: ScalarType.Int64) * (40 / Outliers);
            y.index_add_(0, at, torch.full(Outliers, 15.0f), 1); // y[at] += 15, as the twin writes it
        }
        var losses = new (string Name, Loss<Tensor, Tensor, Tensor> Criterion)[]
        {
            ("mse", nn.MSELoss()), ("l1", nn.L1Loss()), ("smoothl1", nn.SmoothL1Loss(beta: Delta)), ("huber", nn.HuberLoss(Delta)),
        };
        // The data first: a fit that diverges keeps it, with the fits that finished.
        ctx.Result("true_slope", TrueSlope);
        ctx.Result("true_intercept", TrueIntercept);
        ctx.Result("x", x);
        ctx.Result("y", y);
        var fits = new List<(string Name, float Slope, float Intercept)>();
        ctx.Print($"{"loss",-10} {"slope",9} {"intercept",10}");
        foreach (var (name, criterion) in losses)
        {
            var w = nn.Parameter(torch.zeros(2));
            var optimizer = torch.optim.Adam([w], Lr);
            string? diverged = null;
            for (int step = 0; step < Steps && diverged is null; step++)
            {
                using var scope = torch.NewDisposeScope();
                var loss = criterion.call(w[0] * x + w[1], y);
                optimizer.zero_grad();
                loss.backward();
                try
                {
                    optimizer.step();
                }
                catch (Exception e) when (NonFinite.IsFloatOverflow(e))
                {
                    // Adam's lr / (1 − β1^t) beyond float32 (--lr 1e38): named like any divergence.
                    diverged = NonFinite.OverflowMessage($"step {step + 1} of the {name} fit", Lr);
                    break;
                }
                float value = loss.item<float>();
                if (!float.IsFinite(value)) diverged = NonFinite.Message($"the {name} loss", value, $"step {step + 1}", Lr);
            }
            if (diverged is not null)
            {
                // The fits that finished are kept; the one that diverged is named.
                ctx.Result("fits", fits.Select(f => new Dictionary<string, object?> { ["loss"] = f.Name, ["slope"] = f.Slope, ["intercept"] = f.Intercept }));
                throw new LessonRunException(diverged);
            }
            float slope = w[0].item<float>(), intercept = w[1].item<float>();
            ctx.Print($"{name,-10} {PyFormat.Fixed(slope, 4),9} {PyFormat.Fixed(intercept, 4),10}");
            fits.Add((name, slope, intercept));
        }
        var residual = y - (TrueSlope * x + TrueIntercept);
        float huber = nn.HuberLoss(Delta).call(residual, torch.zeros_like(residual)).item<float>();
        float smooth = nn.SmoothL1Loss(beta: Delta).call(residual, torch.zeros_like(residual)).item<float>();
        ctx.Print($"huber({PyFormat.Repr(Delta)}) = {PyFormat.Fixed(huber, 6)}, {PyFormat.Repr(Delta)}·smoothl1(beta={PyFormat.Repr(Delta)}) = {PyFormat.Fixed(Delta * smooth, 6)}");

        ctx.Result("fits", fits.Select(f => new Dictionary<string, object?> { ["loss"] = f.Name, ["slope"] = f.Slope, ["intercept"] = f.Intercept }));
        ctx.Result("huber_at_truth", huber);
        ctx.Result("smoothl1_at_truth", smooth);

        double[] xs = TensorValues.ToDoubles(x), ys = TensorValues.ToDoubles(y);
        var plot = Figures.Create($"y = 2x + 1 with {Outliers} outlier(s): the line each loss fits", "x", "y");
        var points = plot.Add.ScatterPoints(xs, ys);
        points.LegendText = "data (seeded noise, outliers +15)";
        points.Color = ScottPlot.Colors.Gray;
        var palette = new Dictionary<string, string> { ["mse"] = "#d62728", ["l1"] = "#1f77b4", ["smoothl1"] = "#2ca02c", ["huber"] = "#9467bd" };
        foreach (var (name, slope, intercept) in fits)
        {
            var line = plot.Line([xs[0], xs[^1]], [slope * xs[0] + intercept, slope * xs[^1] + intercept], $"{name}: slope {PyFormat.Fixed(slope, 3)}");
            line.Color = ScottPlot.Color.FromHex(palette[name]);
            // Huber's line is Smooth L1's (same minimiser): dashed on top, so neither hides the other.
            if (name == "huber") line.LinePattern = ScottPlot.LinePattern.Dashed;
        }
        ctx.Save(plot, "robust-regression.png");

        ctx.Note("");
        foreach (var (name, slope, intercept) in fits)
            ctx.Note($"  {name,-9} slope error {PyFormat.Fixed(Math.Abs(slope - TrueSlope), 4)}, intercept error {PyFormat.Fixed(Math.Abs(intercept - TrueIntercept), 4)}");
        var mse = fits.Single(f => f.Name == "mse");
        var robust = fits.Where(f => f.Name != "mse").MaxBy(f => Math.Abs(f.Slope - TrueSlope));
        double mseError = Math.Abs(mse.Slope - TrueSlope), robustError = Math.Abs(robust.Slope - TrueSlope);
        ctx.Note(Outliers == 0
            ? "Without outliers the four fits nearly agree."
            : mseError > robustError
                ? $"MSE's slope is off by {PyFormat.Fixed(mseError, 4)}; the worst of L1, Smooth L1 and Huber by {PyFormat.Fixed(robustError, 4)}: " +
                  "their gradient per point is capped (at ±1; Huber's at ±δ), so an outlier pulls no harder than a point just beyond the threshold — it still pulls (the course's \"不受异常值影响\" overstates it)."
                : $"Here MSE's slope error ({PyFormat.Fixed(mseError, 4)}) is not larger than the robust losses' ({PyFormat.Fixed(robustError, 4)}).");
        var smoothFit = fits.Single(f => f.Name == "smoothl1");
        var huberFit = fits.Single(f => f.Name == "huber");
        bool same = Math.Abs(smoothFit.Slope - huberFit.Slope) < 1e-3 && Math.Abs(smoothFit.Intercept - huberFit.Intercept) < 1e-3;
        ctx.Note($"Huber(δ) = δ·SmoothL1(β = δ) at the true line: {PyFormat.Fixed(huber, 6)} vs {PyFormat.Fixed(Delta * smooth, 6)} (difference {PyFormat.General(Math.Abs(huber - Delta * smooth), 3)}); " +
                 (same ? "one is the other times a constant, so they have the same minimiser and their fitted lines coincide here."
                       : $"their fits differ here by {PyFormat.General(Math.Abs(smoothFit.Slope - huberFit.Slope), 3)} in slope (not yet converged?)."));
    }
}
