using Chapter4.Claims;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Language;
using Chapter4.Models;
using Chapter4.Plotting;
using Chapter4.Printing;
using Chapter4.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>
/// 梯度下降优化方法: the paths of SGD, Momentum, AdaGrad, RMSProp and Adam on an ill-conditioned
/// bowl f = 0.1·x1² + 2·x2² from (−5, −2), and near the course's 鞍点 (saddle point) f = x1² − x2².
/// </summary>
public sealed class OptimizerPathsLesson : Lesson
{
    public override string Id => "optimizer-paths";
    public override CourseSection Section => CourseOutline.ChooseOptimizer;
    public override int OrderInSection => 1;
    public override string Description => "paths of SGD, Momentum, AdaGrad, RMSProp, Adam on 0.1·x1² + 2·x2² from (−5, −2) and near the saddle x1² − x2²";
    public override IReadOnlyList<LessonPlot> Plots =>
        [
            new("optimizer-paths.png", Texts.Get(typeof(OptimizerPathsLesson), "caption.paths")),
            new("optimizer-saddle.png", Texts.Get(typeof(OptimizerPathsLesson), "caption.saddle")),
        ];

    [Knob("lr", "one learning rate for every optimizer on the bowl (none: each its best of the grid)", Above = 0)]
    public double? Lr { get; set; }

    [Knob("saddle-lr", "learning rate of every optimizer at the saddle", Above = 0)]
    public double SaddleLr { get; set; } = 0.05;

    // x1² − x2² is unbounded below: a path that escapes the saddle runs off to infinity, and at the default saddle lr
    // momentum's overflows float32 at step 336 and SGD's at 973. At most 300, so the lesson's maximum does not always fail.
    [Knob("steps", "optimizer steps per path (at most 300: beyond, the paths that escape the saddle overflow float32)", Min = 1, Max = 300)]
    public int Steps { get; set; } = 20;

    [Knob("optimizers", "which optimizers", Choices = OptimizerZoo.NameList)]
    public string[] Optimizers { get; set; } = OptimizerZoo.Names;

    [Knob("alpha", "RMSProp's alpha (the course's 0.9; PyTorch's default is 0.99)", Min = 0, Max = 1)]
    public double Alpha { get; set; } = OptimizerSettings.Course.RmsPropAlpha;

    [Knob("beta1", "Adam's beta1 (the course's 0.9)", Min = 0, Below = 1)]
    public double Beta1 { get; set; } = OptimizerSettings.Course.AdamBeta1;

    [Knob("beta2", "Adam's beta2 (the course's 0.99; PyTorch's default is 0.999)", Min = 0, Below = 1)]
    public double Beta2 { get; set; } = OptimizerSettings.Course.AdamBeta2;

    private OptimizerSettings Settings => new(Alpha, Beta1, Beta2);

    /// <summary>A fair comparison on the bowl: each optimizer at the rate of this grid that ends lowest.</summary>
    public static readonly double[] LrGrid = [0.03, 0.1, 0.3, 1.0, 3.0];

    /// <summary>"Still near the saddle": within this distance of the saddle point (0, 0); the paths start 1.5 from it.</summary>
    public const double NearSaddle = 0.5;

    /// <summary>A sign change of x2 counts only above this fraction of the path's largest |x2| (x2 flipping at 1e-13 is not a crossing).</summary>
    public const double SignNoise = 1e-6;

    private (string Name, Func<Tensor, Tensor> F, double[] Start, double[] View, string File, string Title)[] Surfaces =>
    [
        ("bowl", x => 0.1 * x[0].pow(2) + 2 * x[1].pow(2), [-5, -2], [-6, 2, -3, 3], "optimizer-paths.png", "f(x1, x2) = 0.1·x1² + 2·x2², from (-5, -2)"),
        ("saddle", x => x[0].pow(2) - x[1].pow(2), [-1.5, 0.01], [-2, 1, -0.75, 1.75], "optimizer-saddle.png", "Saddle point f(x1, x2) = x1² - x2², from (-1.5, 0.01)"),
    ];

    /// <summary>One path; <paramref name="Stopped"/> says where it stopped being a number (without "diverged: ").</summary>
    private sealed record PathRun(string Name, double Lr, List<double[]> Path, double FinalF, Phrase? Stopped);

    /// <summary>What each optimizer was built with (α, betas), read back from it.</summary>
    private readonly Dictionary<string, IReadOnlyDictionary<string, double>> _built = [];

    /// <summary>
    /// One optimizer's path from the start; it ends early, named, where a point stops being a number. <paramref name="option"/>
    /// is the knob that set <paramref name="lr"/> (--lr on the bowl, --saddle-lr at the saddle), for the advice.
    /// </summary>
    private PathRun Walk(string name, Func<Tensor, Tensor> f, double[] start, double lr, string option = "--lr")
    {
        var x = nn.Parameter(torch.tensor(start.Select(v => (float)v).ToArray()));
        var optimizer = OptimizerZoo.Create(name, [x], lr, Settings);
        if (OptimizerZoo.SettingsOf(optimizer) is { Count: > 0 } built) _built[name] = built;
        var path = new List<double[]> { TensorValues.ToDoubles(x) };
        for (int step = 0; step < Steps; step++)
        {
            using var scope = torch.NewDisposeScope();
            optimizer.zero_grad();
            f(x).backward();
            try
            {
                optimizer.step();
            }
            catch (Exception e) when (NonFinite.IsFloatOverflow(e))
            {
                return new(name, lr, path, double.NaN, NonFinite.Overflowed(NonFinite.AtStep(step + 1), lr, option));
            }
            double[] point = TensorValues.ToDoubles(x);
            // A point that is not a number is where the path ends: it is named, not drawn.
            if (!NonFinite.AllFinite(point)) return new(name, lr, path, double.NaN, NonFinite.Became("x", point.First(v => !double.IsFinite(v)), NonFinite.AtStep(step + 1), lr, option));
            path.Add(point);
        }
        using (torch.no_grad()) return new(name, lr, path, f(x).item<float>(), null);
    }

    /// <summary>The grid's rate with the lowest finite final f (the smaller rate on a tie).</summary>
    private double BestLr(string name, Func<Tensor, Tensor> f, double[] start)
    {
        double best = LrGrid[0], bestF = double.PositiveInfinity;
        foreach (double lr in LrGrid)
        {
            double value = Walk(name, f, start, lr).FinalF;
            if (double.IsFinite(value) && value < bestF) (best, bestF) = (lr, value);
        }
        return best;
    }


    public override void Run(LessonContext ctx)
    {
        _built.Clear();
        var results = new Dictionary<string, object?>();
        var diverged = new List<(string Surface, string Name, Phrase Stopped)>();
        var summaries = new Dictionary<string, List<PathRun>>();
        foreach (var (surface, f, start, view, file, title) in Surfaces)
        {
            bool grid = surface == "bowl" && Lr is null;
            double common = surface == "bowl" ? Lr ?? 0 : SaddleLr;
            ctx.Print(grid
                ? $"{title}: {Steps} steps, each optimizer at its best lr of {PyFormat.List(LrGrid)}"
                : $"{title}: {Steps} steps, lr {PyFormat.Repr(common)}");
            var paths = new Dictionary<string, object?>();
            var runs = new List<PathRun>();
            foreach (string name in Optimizers)
            {
                double lr = grid ? BestLr(name, f, start) : common;
                var run = Walk(name, f, start, lr, surface == "bowl" ? "--lr" : "--saddle-lr");
                runs.Add(run);
                if (run.Stopped is not null)
                {
                    diverged.Add((surface, name, run.Stopped));
                    // The lesson's table and its results say it in English, the same in every language; the error line in the learner's.
                    string stopped = NonFinite.Diverged(run.Stopped).English;
                    ctx.Print($"  {name,-9} {stopped}");
                    paths[name] = new Dictionary<string, object?> { ["lr"] = lr, ["points"] = run.Path, ["diverged"] = stopped };
                }
                else
                {
                    ctx.Print($"  {name,-9} lr {PyFormat.Repr(lr),-5} final point ({PyFormat.Fixed(run.Path[^1][0], 6)}, {PyFormat.Fixed(run.Path[^1][1], 6)})  f = {PyFormat.Fixed(run.FinalF, 6)}");
                    paths[name] = new Dictionary<string, object?> { ["lr"] = lr, ["points"] = run.Path, ["final_f"] = run.FinalF };
                }
            }
            results[surface] = paths;
            summaries[surface] = runs;
            Draw(ctx, surface, view, file, grid, common, runs);
        }
        ctx.Result("paths", results);
        ctx.Result("settings", _built.ToDictionary(kv => kv.Key, kv => (object?)kv.Value.ToDictionary(s => s.Key, s => (object?)s.Value)));
        if (diverged.Count > 0) throw new LessonRunException(Diverged(diverged));
        ctx.Note("");
        TakeAways(ctx, summaries["bowl"], summaries["saddle"]);
    }

    /// <summary>
    /// One line for the paths that diverged: the one path and where, or how many of how many, grouped by surface, and the
    /// first one's detail once (with --lr 1e30 --saddle-lr 1e30 all ten diverge: ten messages made a 900-character line).
    /// </summary>
    private string Diverged(List<(string Surface, string Name, Phrase Stopped)> diverged)
    {
        Phrase Surface(string surface) => new(typeof(OptimizerPathsLesson), "surface." + surface);
        var first = diverged[0];
        var firstName = new Phrase(typeof(OptimizerPathsLesson), "diverged.path", Surface(first.Surface), first.Name);
        if (diverged.Count == 1) return new Phrase(typeof(OptimizerPathsLesson), "diverged.one", firstName, NonFinite.Diverged(first.Stopped)).ToString();
        var buckets = diverged.GroupBy(d => d.Surface)
            .Select(g => new NonFinite.Bucket(g.Select(d => NonFinite.Name(d.Name)).ToList(), Label: Surface(g.Key)))
            .ToList();
        return NonFinite.Several(NonFinite.Runs.Paths, diverged.Count, Surfaces.Length * Optimizers.Length, buckets, firstName, first.Stopped);
    }

    /// <summary>
    /// The paths over the level sets. An axis whose values reach more than 100 times its usual extent (escaping saddle
    /// paths reach 1e8) turns symmetric-log (<see cref="SymLog"/>), and its label says so: linear, they would flatten every other path.
    /// </summary>
    private void Draw(LessonContext ctx, string surface, double[] view, string file, bool grid, double common, List<PathRun> runs)
    {
        var points = runs.SelectMany(r => r.Path).ToList();
        SymLog? xs = SymLog.IfNeeded(points.Select(p => p[0]), Math.Max(Math.Abs(view[0]), Math.Abs(view[1])));
        SymLog? ys = SymLog.IfNeeded(points.Select(p => p[1]), Math.Max(Math.Abs(view[2]), Math.Abs(view[3])));
        double X(double v) => xs?.Forward(v) ?? v;
        double Y(double v) => ys?.Forward(v) ?? v;
        string title = surface == "bowl"
            ? grid ? T("plot.bowl-title-grid", Steps) : T("plot.bowl-title", N(common), Steps)
            : T("plot.saddle-title", N(common), Steps);
        var plot = Figures.Create(title,
            xs is null ? "x1" : T("plot.symlog-axis", "x1", N(xs.C)),
            ys is null ? "x2" : T("plot.symlog-axis", "x2", N(ys.C)));
        AddLevelSets(plot, surface, X, Y);
        foreach (var run in runs)
        {
            var line = plot.Add.Scatter(run.Path.Select(p => X(p[0])).ToArray(), run.Path.Select(p => Y(p[1])).ToArray());
            line.LegendText = grid ? T("plot.legend-lr", run.Name, N(run.Lr)) : run.Name;
            line.Color = SeriesColors.Of(run.Name);
            line.MarkerSize = 5;
        }
        // The special point: the minimum of the bowl, the saddle point of the saddle.
        var mark = plot.Add.Marker(0, 0, ScottPlot.MarkerShape.OpenCircle, 12, ScottPlot.Colors.Black);
        mark.LegendText = T(surface == "bowl" ? "plot.minimum" : "plot.saddle-point");
        if (xs is not null) plot.Axes.Bottom.TickGenerator = xs.Ticks();
        if (ys is not null) plot.Axes.Left.TickGenerator = ys.Ticks();
        // The usual view, widened so that every point of every path is inside.
        plot.ViewIncluding([X(view[0]), X(view[1]), Y(view[2]), Y(view[3])], points.Select(p => new[] { X(p[0]), Y(p[1]) }));
        ctx.Save(plot, file);
    }

    private static string N(double v) => PyFormat.General(v, 3);

    private static string N6(double v) => PyFormat.General(v, 6);

    /// <summary>What these paths show, each sentence a claim computed from them (so it stays true when a knob changes them).</summary>
    private void TakeAways(LessonContext ctx, List<PathRun> bowl, List<PathRun> saddle)
    {
        // The bowl: a ranking by final f.
        var ranking = Claim.Rank(bowl.Select(r => (r.Name, r.FinalF)));
        string list = JoinList(ranking.Names.Zip(ranking.Scores, (n, v) => $"{n} {N(v)}"));
        if (Lr is { } shared) ctx.Say(ranking.Quoting(("lr", shared)), "bowl-ranking-shared", N6(shared), list);
        else ctx.Say(ranking, "bowl-ranking-grid", list);
        foreach (var r in bowl)
        {
            // Sign changes of x2 above 1e-6 of the path's largest |x2|: ≥ 3 is a zig-zag, 1 or 2 are crossings.
            double[] x2 = r.Path.Select(p => p[1]).ToArray();
            double floor = SignNoise * x2.Max(Math.Abs);
            var signs = Claim.Trend($"x2 of {r.Name}", x2, floor);
            if (signs.ZigZag) ctx.Say(signs, "bowl-zigzag", r.Name, signs.SignChanges, N(floor));
            else if (signs.SignChanges > 0) ctx.Say(signs, "bowl-crossings", r.Name, signs.SignChanges, N(floor));
            // x1 starts at −5 and the minimum is at 0: x1 > 0 (beyond the same relative noise) is an overshoot.
            double maxX1 = r.Path.Max(p => p[0]);
            var overshoot = Claim.Threshold($"largest x1 of {r.Name}", maxX1, 0, SignNoise * r.Path.Max(p => Math.Abs(p[0])));
            if (overshoot.Relation == ">") ctx.Say(overshoot, "bowl-overshoot", r.Name, N(maxX1));
        }
        if (Lr is null) ctx.Fact("fair-grid");
        else ctx.Fact("fair-shared");

        // The saddle: escaped along x2 (|x2| > 1), near the saddle point (within NearSaddle of (0, 0)), or neither.
        ctx.Fact("saddle-intro", [("saddle lr", SaddleLr), ("steps", Steps), ("radius", NearSaddle)], N6(SaddleLr), Steps, N(NearSaddle));
        foreach (var r in saddle)
        {
            double x1 = r.Path[^1][0], x2 = r.Path[^1][1], distance = Math.Sqrt(x1 * x1 + x2 * x2);
            var at = new[] { ("x1", x1), ("x2", x2), ("distance", distance), ("radius", NearSaddle) };
            var escaped = Claim.Threshold($"|x2| of {r.Name}", Math.Abs(x2), 1).Quoting(at);
            var near = Claim.Threshold($"distance of {r.Name} from (0, 0)", distance, NearSaddle).Quoting(at);
            if (escaped.Relation == ">") ctx.Say(escaped, "saddle-escaped", r.Name, N(Math.Abs(x2)), N(distance), N(x1), N(x2));
            else if (near.Relation != ">") ctx.Say(near, "saddle-near", r.Name, N(distance), N(NearSaddle), N(x1), N(x2));
            else ctx.Say(near.Quoting(("|x2|", Math.Abs(x2))), "saddle-between", r.Name, N(distance), N(NearSaddle), N(Math.Abs(x2)), N(x1), N(x2));
        }
        // How fast |x2| grew, per step on average, against plain gradient descent's exact factor (1 + 2·lr): x2 ← x2 + lr·2·x2.
        double plain = 1 + 2 * SaddleLr;
        ctx.Fact("growth-intro", [("1 + 2·lr", plain), ("saddle lr", SaddleLr), ("steps", Steps)], N6(plain), Steps);
        foreach (var r in saddle)
        {
            double growth = Math.Pow(Math.Abs(r.Path[^1][1]) / Math.Abs(r.Path[0][1]), 1.0 / Steps);
            // SGD's float32 steps round each product: over the steps, about 1e-7 relative per step; 1e-5 of the factor is ≈.
            var vs = Claim.Compare($"growth of |x2| per step, {r.Name}", growth, "1 + 2·lr", plain, 1e-5 * plain);
            string key = vs.Relation switch { ">" => "growth-faster", "≈" => "growth-same", _ => growth < 1 ? "growth-shrank" : "growth-slower" };
            ctx.Say(vs, key, r.Name, N6(growth), N6(plain));
        }
        ctx.Fact("growth-why");
        if (Optimizers.Any(o => o is "rmsprop" or "adam")) CourseOptimizerSettings.Say(ctx, _built);
    }

    /// <summary>Level sets drawn from their equations: ellipses for the bowl, hyperbolas for the saddle.</summary>
    private static void AddLevelSets(ScottPlot.Plot plot, string surface, Func<double, double> x, Func<double, double> y)
    {
        double[] t = Enumerable.Range(0, 201).Select(i => i * 2 * Math.PI / 200).ToArray();
        double[] levels = surface == "bowl" ? [0.5, 1.5, 3, 5, 8, 12] : [-2, -1, -0.25, 0.25, 1, 2];
        foreach (double c in levels)
        {
            if (surface == "bowl")
            {
                AddLevel(plot, t.Select(a => x(Math.Sqrt(c / 0.1) * Math.Cos(a))).ToArray(), t.Select(a => y(Math.Sqrt(c / 2) * Math.Sin(a))).ToArray());
                continue;
            }
            double[] u = Enumerable.Range(-100, 201).Select(i => i * 0.025).ToArray();
            foreach (int sign in new[] { -1, 1 })
            {
                // x1² − x2² = c: for c > 0, x1 = ±√c·cosh u, x2 = √c·sinh u; for c < 0 the axes swap.
                double r = Math.Sqrt(Math.Abs(c));
                double[] a = u.Select(v => sign * r * Math.Cosh(v)).ToArray();
                double[] b = u.Select(v => r * Math.Sinh(v)).ToArray();
                if (c > 0) AddLevel(plot, a.Select(x).ToArray(), b.Select(y).ToArray()); else AddLevel(plot, b.Select(x).ToArray(), a.Select(y).ToArray());
            }
        }
    }

    private static void AddLevel(ScottPlot.Plot plot, double[] xs, double[] ys)
    {
        var level = plot.Add.ScatterLine(xs, ys);
        level.Color = ScottPlot.Colors.Gray.WithAlpha(0.35);
        level.LineWidth = 1;
    }
}
