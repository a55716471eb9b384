using Chapter4.Claims;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Language;
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
    public override IReadOnlyList<LessonPlot> Plots => [new("robust-regression.png", Texts.Get(GetType(), "caption"))];

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

    /// <summary>
    /// A fit has settled when its slope moved by at most this fraction of its size (at least 0.1) over its last tenth of
    /// steps: a fit still on its way moves about a tenth of its travel there (Adam's steps are about lr each), one that has
    /// arrived only jitters (Adam on L1 by about 1e-3 at the defaults, 0.05% of its slope).
    /// </summary>
    private const double Settled = 0.01;

    /// <summary>Two fitted lines coincide when slope and intercept agree within this.</summary>
    private const double Coincide = 1e-3;


    private static readonly Dictionary<string, (string Shown, string Colour)> Names = new()
    {
        ["mse"] = ("MSE", "MSE"),
        ["l1"] = ("L1", "MAE"),
        ["smoothl1"] = ("Smooth L1", "SmoothL1"),
        ["huber"] = ("Huber", "Huber"),
    };

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
        var lastMoves = new List<double>();
        // The slope a tenth of the steps before the end: how far it still moved since says whether the fit has settled.
        int checkAt = Steps - Math.Max(1, Steps / 10);
        ctx.Print($"{"loss",-10} {"slope",9} {"intercept",10}");
        foreach (var (name, criterion) in losses)
        {
            var w = nn.Parameter(torch.zeros(2));
            var optimizer = torch.optim.Adam([w], Lr);
            Phrase? diverged = null;
            float slopeAtCheck = 0;
            for (int step = 0; step < Steps && diverged is null; step++)
            {
                if (step == checkAt) slopeAtCheck = w[0].item<float>();
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
                    diverged = NonFinite.OverflowMessage(NonFinite.AtStepOfFit(step + 1, name), Lr);
                    break;
                }
                float value = loss.item<float>();
                if (!float.IsFinite(value)) diverged = NonFinite.Message(NonFinite.LossOf(name), value, NonFinite.AtStep(step + 1), Lr);
            }
            if (diverged is not null)
            {
                // The fits that finished are kept; the one that diverged is named.
                ctx.Result("fits", fits.Select(f => new Dictionary<string, object?> { ["loss"] = f.Name, ["slope"] = f.Slope, ["intercept"] = f.Intercept }));
                throw new LessonRunException(diverged.ToString());
            }
            float slope = w[0].item<float>(), intercept = w[1].item<float>();
            ctx.Print($"{name,-10} {PyFormat.Fixed(slope, 4),9} {PyFormat.Fixed(intercept, 4),10}");
            fits.Add((name, slope, intercept));
            lastMoves.Add(Math.Abs(slope - slopeAtCheck));
        }
        var residual = y - (TrueSlope * x + TrueIntercept);
        float huber = nn.HuberLoss(Delta).call(residual, torch.zeros_like(residual)).item<float>();
        float smooth = nn.SmoothL1Loss(beta: Delta).call(residual, torch.zeros_like(residual)).item<float>();
        ctx.Print($"huber({PyFormat.Repr(Delta)}) = {PyFormat.Fixed(huber, 6)}, {PyFormat.Repr(Delta)}·smoothl1(beta={PyFormat.Repr(Delta)}) = {PyFormat.Fixed(Delta * smooth, 6)}");

        ctx.Result("fits", fits.Select(f => new Dictionary<string, object?> { ["loss"] = f.Name, ["slope"] = f.Slope, ["intercept"] = f.Intercept }));
        ctx.Result("huber_at_truth", huber);
        ctx.Result("smoothl1_at_truth", smooth);

        double[] xs = TensorValues.ToDoubles(x), ys = TensorValues.ToDoubles(y);
        ctx.Save(FitPlot(xs, ys, fits), "robust-regression.png");

        // The largest residual of the MSE fit: where beta exceeds it, every point is in Smooth L1's quadratic zone.
        var mseFit = fits.Single(f => f.Name == "mse");
        double largestResidual = xs.Zip(ys, (a, b) => Math.Abs(b - (mseFit.Slope * a + mseFit.Intercept))).Max();
        TakeAways(ctx, fits, lastMoves, huber, smooth, largestResidual);
    }

    /// <summary>The data, the true line y = 2x + 1 and each loss's fitted line ("mse", "l1", "smoothl1", "huber").</summary>
    internal ScottPlot.Plot FitPlot(double[] xs, double[] ys, IReadOnlyList<(string Name, float Slope, float Intercept)> fits)
    {
        var plot = Figures.Create(T("plot.title", Outliers), "x", "y");
        var points = plot.Add.ScatterPoints(xs, ys);
        points.LegendText = T("plot.data");
        points.Color = SeriesColors.Of("data");
        var truth = plot.Line([xs[0], xs[^1]], [TrueSlope * xs[0] + TrueIntercept, TrueSlope * xs[^1] + TrueIntercept], T("plot.true"));
        truth.Color = SeriesColors.Of("true");
        truth.LinePattern = ScottPlot.LinePattern.Dotted;
        foreach (var (name, slope, intercept) in fits)
        {
            var line = plot.Line([xs[0], xs[^1]], [slope * xs[0] + intercept, slope * xs[^1] + intercept], T("plot.fit", Names[name].Shown, PyFormat.Fixed(slope, 3)));
            line.Color = SeriesColors.Of(Names[name].Colour);
            // Huber's line is Smooth L1's (same minimiser): dashed on top, so neither hides the other.
            if (name == "huber") line.LinePattern = ScottPlot.LinePattern.Dashed;
        }
        // The truth on top, dotted: the robust fits lie almost on it, and it must not vanish under them.
        plot.MoveToTop(truth);
        return plot;
    }

    private void TakeAways(LessonContext ctx, List<(string Name, float Slope, float Intercept)> fits, List<double> lastMoves, float huber, float smooth, double largestResidual)
    {
        string F(double v) => PyFormat.Fixed(v, 4);
        ctx.Note("");
        var slopeErrors = Claim.Rank(fits.Select(f => (Names[f.Name].Shown, Math.Abs(f.Slope - TrueSlope))));
        var interceptErrors = Claim.Rank(fits.Select(f => (Names[f.Name].Shown, Math.Abs(f.Intercept - TrueIntercept))));
        string List(RankingClaim r) => JoinList(r.Names.Zip(r.Scores, (n, v) => $"{n} {F(v)}"));
        ctx.Say(slopeErrors, "slope-errors", List(slopeErrors));
        ctx.Say(interceptErrors, "intercept-errors", List(interceptErrors));

        double[] relative = fits.Select((f, i) => lastMoves[i] / Math.Max(Math.Abs(f.Slope), 0.1)).ToArray();
        int worst = Enumerable.Range(0, fits.Count).MaxBy(i => relative[i]);
        var settled = Claim.Threshold("largest slope move over the last tenth of the steps, relative to the slope", relative[worst], Settled)
            .Quoting(("steps", Steps), ("last steps", Math.Max(1, Steps / 10)), ("slope move", lastMoves[worst]));
        bool allSettled = settled.Relation == "<";
        if (!allSettled)
            ctx.Say(settled, "not-settled", Steps, Names[fits[worst].Name].Shown, PyFormat.General(lastMoves[worst], 3), Math.Max(1, Steps / 10));

        var mse = fits.Single(f => f.Name == "mse");
        var robust = fits.Where(f => f.Name != "mse").MaxBy(f => Math.Abs(f.Slope - TrueSlope));
        double mseError = Math.Abs(mse.Slope - TrueSlope), robustError = Math.Abs(robust.Slope - TrueSlope);
        if (Outliers == 0)
        {
            double spread = fits.Max(f => f.Slope) - fits.Min(f => f.Slope);
            var agree = Claim.Threshold("largest slope difference between the fits", spread, 0.05).Quoting(("outliers", Outliers));
            ctx.Say(agree, agree.Relation == ">" ? "no-outliers-differ" : "no-outliers-agree", PyFormat.General(spread, 3));
        }
        else if (allSettled)
        {
            var pulled = Claim.Compare("MSE's slope error", mseError, "the worst robust slope error", robustError, Coincide).Quoting(("outliers", Outliers));
            // With beta beyond every residual Smooth L1 is 0.5·e²/beta everywhere: MSE up to a constant factor, the same fit.
            bool quadratic = Delta > largestResidual;
            ctx.Say(quadratic ? pulled.Quoting(("largest residual", largestResidual), ("delta", Delta)) : pulled,
                pulled.Relation == ">" ? "mse-pulled" : quadratic ? "mse-not-pulled-quadratic" : "mse-not-pulled",
                F(mseError), Names[robust.Name].Shown, F(robustError), PyFormat.Repr(Delta), PyFormat.General(largestResidual, 3));
        }

        var identity = Claim.Identity("huber(δ)", [huber], "δ·smoothl1(β = δ)", [Delta * smooth], 1e-5 * Math.Max(1, Math.Abs(huber)))
            .Quoting(("delta", Delta));
        ctx.Say(identity, identity.MaxAbsDiff <= identity.Tolerance ? "huber-identity" : "huber-identity-off",
            PyFormat.Repr(Delta), PyFormat.Fixed(huber, 6), PyFormat.Fixed(Delta * smooth, 6), PyFormat.General(identity.MaxAbsDiff, 3));
        var smoothFit = fits.Single(f => f.Name == "smoothl1");
        var huberFit = fits.Single(f => f.Name == "huber");
        var same = Claim.Compare("Smooth L1's fitted slope", smoothFit.Slope, "Huber's fitted slope", huberFit.Slope, Coincide)
            .Quoting(("delta", Delta), ("Smooth L1's intercept", smoothFit.Intercept), ("Huber's intercept", huberFit.Intercept),
                ("slope difference", Math.Abs(smoothFit.Slope - huberFit.Slope)));
        bool coincide = same.Relation == "≈" && Math.Abs(smoothFit.Intercept - huberFit.Intercept) <= Coincide;
        ctx.Say(same, coincide ? "huber-same-fit" : "huber-different-fit", PyFormat.General(Math.Abs(smoothFit.Slope - huberFit.Slope), 3), PyFormat.Repr(Delta));
    }
}
