using Chapter4.Course;
using Chapter4.Harness;
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
            new("optimizer-paths.png", "The stretched bowl, each optimizer at its best rate of a grid: AdaGrad (lr 3) ends lowest, SGD zig-zags across x2 then crawls along x1, momentum overshoots the minimum to x1 ≈ 1.35."),
            new("optimizer-saddle.png", "From 0.01 off the escape direction (lr 0.05, 20 steps): momentum, RMSProp and Adam escape past |x2| = 1; SGD heads into the saddle point and AdaGrad is still on its way out."),
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

    /// <summary>A fair comparison on the bowl: each optimizer at the rate of this grid that ends lowest.</summary>
    public static readonly double[] LrGrid = [0.03, 0.1, 0.3, 1.0, 3.0];

    private (string Name, Func<Tensor, Tensor> F, double[] Start, double[] View, string File, string Title)[] Surfaces =>
    [
        ("bowl", x => 0.1 * x[0].pow(2) + 2 * x[1].pow(2), [-5, -2], [-6, 2, -3, 3], "optimizer-paths.png", "f(x1, x2) = 0.1·x1² + 2·x2², from (-5, -2)"),
        ("saddle", x => x[0].pow(2) - x[1].pow(2), [-1.5, 0.01], [-2, 1, -0.75, 1.75], "optimizer-saddle.png", "Saddle point f(x1, x2) = x1² - x2², from (-1.5, 0.01)"),
    ];

    /// <summary>One optimizer's path from the start; it ends early, named, where a point stops being a number.</summary>
    private (List<double[]> Path, double FinalF, string? Stopped) Walk(string name, Func<Tensor, Tensor> f, double[] start, double lr)
    {
        var x = nn.Parameter(torch.tensor(start.Select(v => (float)v).ToArray()));
        var optimizer = OptimizerZoo.Create(name, [x], lr);
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
                return (path, double.NaN, NonFinite.OverflowMessage($"step {step + 1}", lr));
            }
            double[] point = TensorValues.ToDoubles(x);
            // A point that is not a number is where the path ends: it is named, not drawn.
            if (!NonFinite.AllFinite(point)) return (path, double.NaN, NonFinite.Message("x", point.First(v => !double.IsFinite(v)), $"step {step + 1}", lr));
            path.Add(point);
        }
        using (torch.no_grad()) return (path, f(x).item<float>(), null);
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
        var results = new Dictionary<string, object?>();
        var diverged = new List<string>();
        var summaries = new Dictionary<string, List<(string Name, double Lr, List<double[]> Path, double FinalF, string? Stopped)>>();
        foreach (var (surface, f, start, view, file, title) in Surfaces)
        {
            bool grid = surface == "bowl" && Lr is null;
            double common = surface == "bowl" ? Lr ?? 0 : SaddleLr;
            ctx.Print(grid
                ? $"{title}: {Steps} steps, each optimizer at its best lr of {PyFormat.List(LrGrid)}"
                : $"{title}: {Steps} steps, lr {PyFormat.Repr(common)}");
            var paths = new Dictionary<string, object?>();
            var runs = new List<(string Name, double Lr, List<double[]> Path, double FinalF, string? Stopped)>();
            var plot = Figures.Create(title, "x1", "x2");
            AddLevelSets(plot, surface);
            foreach (string name in Optimizers)
            {
                double lr = grid ? BestLr(name, f, start) : common;
                var (path, value, stopped) = Walk(name, f, start, lr);
                runs.Add((name, lr, path, value, stopped));
                if (stopped is not null)
                {
                    diverged.Add($"{surface} {name}: {stopped}");
                    ctx.Print($"  {name,-9} {stopped}");
                    paths[name] = new Dictionary<string, object?> { ["lr"] = lr, ["points"] = path, ["diverged"] = stopped };
                }
                else
                {
                    ctx.Print($"  {name,-9} lr {PyFormat.Repr(lr),-5} final point ({PyFormat.Fixed(path[^1][0], 6)}, {PyFormat.Fixed(path[^1][1], 6)})  f = {PyFormat.Fixed(value, 6)}");
                    paths[name] = new Dictionary<string, object?> { ["lr"] = lr, ["points"] = path, ["final_f"] = value };
                }
                var line = plot.Add.Scatter(path.Select(p => p[0]).ToArray(), path.Select(p => p[1]).ToArray());
                line.LegendText = grid ? $"{name} (lr {PyFormat.Repr(lr)})" : name;
                line.Color = SeriesColors.For(name)!.Value;
                line.MarkerSize = 5;
            }
            results[surface] = paths;
            summaries[surface] = runs;
            // The special point: the minimum of the bowl, the saddle point of the saddle.
            var mark = plot.Add.Marker(0, 0, ScottPlot.MarkerShape.OpenCircle, 12, ScottPlot.Colors.Black);
            mark.LegendText = surface == "bowl" ? "minimum (0, 0)" : "saddle point (0, 0)";
            // The usual view, widened so that every point of every path is inside.
            plot.ViewIncluding(view, runs.SelectMany(r => r.Path));
            ctx.Save(plot, file);
        }
        ctx.Result("paths", results);
        if (diverged.Count > 0) throw new LessonRunException(string.Join("; ", diverged));
        ctx.Note("");
        foreach (string line in TakeAways(summaries["bowl"], summaries["saddle"])) ctx.Note(line);
    }

    /// <summary>What these paths show, computed from them (so it stays true when a knob changes them).</summary>
    private IEnumerable<string> TakeAways(
        List<(string Name, double Lr, List<double[]> Path, double FinalF, string? Stopped)> bowl,
        List<(string Name, double Lr, List<double[]> Path, double FinalF, string? Stopped)> saddle)
    {
        static int SignChanges(IEnumerable<double> values) => values.Zip(values.Skip(1), (a, b) => a * b < 0 ? 1 : 0).Sum();
        var ranked = bowl.OrderBy(r => r.FinalF).ToList();
        yield return $"Bowl, {(Lr is null ? "each at its best lr of the grid" : $"all at lr {PyFormat.Repr(Lr.Value)}")}: lowest f first: " +
                     string.Join(", ", ranked.Select(r => $"{r.Name} {PyFormat.General(r.FinalF, 3)}")) + ".";
        foreach (var r in bowl)
        {
            int zigzag = SignChanges(r.Path.Select(p => p[1]));
            double maxX1 = r.Path.Max(p => p[0]);
            var traits = new List<string>();
            if (zigzag > 0) traits.Add($"x2 changes sign {zigzag} time{(zigzag == 1 ? "" : "s")} (zig-zag across the steep direction)");
            if (maxX1 > 0) traits.Add($"x1 overshoots the minimum to {PyFormat.General(maxX1, 3)}");
            if (traits.Count > 0) yield return $"  {r.Name}: {string.Join("; ", traits)}.";
        }
        yield return Lr is null
            ? "A comparison at one shared lr favours whichever optimizer that lr suits; each at its own best rate is the fair one (--lr sets one rate for all)."
            : "One shared lr favours whichever optimizer it suits; leave --lr out to give each optimizer its best rate of the grid.";
        // The saddle: the start sits 0.01 off the escape direction x2; escaping means |x2| grew past 1.
        var escaped = saddle.Where(r => Math.Abs(r.Path[^1][1]) > 1).Select(r => $"{r.Name} (x2 = {PyFormat.General(r.Path[^1][1], 3)})").ToList();
        var stayed = saddle.Where(r => Math.Abs(r.Path[^1][1]) <= 1).Select(r => $"{r.Name} (x2 = {PyFormat.General(r.Path[^1][1], 3)})").ToList();
        yield return $"Saddle (lr {PyFormat.Repr(SaddleLr)}, {Steps} steps, from x2 = 0.01): escaped past |x2| = 1: {(escaped.Count > 0 ? string.Join(", ", escaped) : "none")}; " +
                     $"still near the saddle: {(stayed.Count > 0 ? string.Join(", ", stayed) : "none")}.";
        if (Optimizers.Contains("adam"))
            yield return "Adam here uses PyTorch's default betas (0.9, 0.999); the course's adam snippet uses (0.9, 0.99).";
        yield return "Near a saddle the gradient along the escape direction is tiny: plain gradient steps grow it only by a factor (1 + 2·lr) per step, " +
                     "while the adaptive methods rescale each coordinate by its own gradient size and momentum accumulates speed.";
    }

    /// <summary>Level sets drawn from their equations: ellipses for the bowl, hyperbolas for the saddle.</summary>
    private static void AddLevelSets(ScottPlot.Plot plot, string surface)
    {
        double[] t = Enumerable.Range(0, 201).Select(i => i * 2 * Math.PI / 200).ToArray();
        double[] levels = surface == "bowl" ? [0.5, 1.5, 3, 5, 8, 12] : [-2, -1, -0.25, 0.25, 1, 2];
        foreach (double c in levels)
        {
            if (surface == "bowl")
            {
                AddLevel(plot, t.Select(a => Math.Sqrt(c / 0.1) * Math.Cos(a)).ToArray(), t.Select(a => Math.Sqrt(c / 2) * Math.Sin(a)).ToArray());
                continue;
            }
            double[] u = Enumerable.Range(-100, 201).Select(i => i * 0.025).ToArray();
            foreach (int sign in new[] { -1, 1 })
            {
                // x1² − x2² = c: for c > 0, x1 = ±√c·cosh u, x2 = √c·sinh u; for c < 0 the axes swap.
                double r = Math.Sqrt(Math.Abs(c));
                double[] a = u.Select(v => sign * r * Math.Cosh(v)).ToArray();
                double[] b = u.Select(v => r * Math.Sinh(v)).ToArray();
                if (c > 0) AddLevel(plot, a, b); else AddLevel(plot, b, a);
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
