using Chapter4.Harness;
using Chapter4.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>
/// 梯度下降优化方法: the paths of SGD, Momentum, AdaGrad, RMSProp and Adam on an ill-conditioned
/// bowl f = 0.1·x1² + 2·x2² from (−5, −2), and near the course's 鞍点 (saddle point) f = x1² − x2².
/// </summary>
public sealed class OptimizerPathsLesson : Lesson
{
    public override string Id => "optimizer-paths";
    public override CourseSection Section => Course.ChooseOptimizer;
    public override int OrderInSection => 1;
    public override string Description => "paths of SGD, Momentum, AdaGrad, RMSProp, Adam on 0.1·x1² + 2·x2² from (−5, −2) and near the saddle x1² − x2²";
    public override IReadOnlyList<string> Plots => ["optimizer-paths.png", "optimizer-saddle.png"];

    [Knob("lr", "learning rate of every optimizer on the bowl", Above = 0)]
    public double Lr { get; set; } = 0.4;

    [Knob("saddle-lr", "learning rate of every optimizer at the saddle", Above = 0)]
    public double SaddleLr { get; set; } = 0.05;

    [Knob("steps", "optimizer steps per path", Min = 1, Max = 10_000)]
    public int Steps { get; set; } = 20;

    [Knob("optimizers", "which optimizers", Choices = OptimizerZoo.NameList)]
    public string[] Optimizers { get; set; } = OptimizerZoo.Names;

    private (string Name, Func<Tensor, Tensor> F, double[] Start, double Lr, double[] Limits, string File, string Title)[] Surfaces =>
    [
        ("bowl", x => 0.1 * x[0].pow(2) + 2 * x[1].pow(2), [-5, -2], Lr, [-6, 2, -3, 3], "optimizer-paths.png", "f(x1, x2) = 0.1·x1² + 2·x2², from (-5, -2)"),
        ("saddle", x => x[0].pow(2) - x[1].pow(2), [-1.5, 0.01], SaddleLr, [-2, 1, -0.75, 1.75], "optimizer-saddle.png", "Saddle point f(x1, x2) = x1² - x2², from (-1.5, 0.01)"),
    ];

    public override void Run(LessonContext ctx)
    {
        var names = Optimizers;
        var results = new Dictionary<string, object?>();
        var diverged = new List<string>();
        foreach (var (surface, f, start, lr, limits, file, title) in Surfaces)
        {
            ctx.Print($"{title}: {Steps} steps, lr {PyFormat.Repr(lr)}");
            var paths = new Dictionary<string, object?>();
            var plot = Plotting.Create(title, "x1", "x2");
            AddLevelSets(plot, surface);
            foreach (string name in names)
            {
                var x = nn.Parameter(torch.tensor(start.Select(v => (float)v).ToArray()));
                var optimizer = OptimizerZoo.Create(name, [x], lr);
                var path = new List<double[]> { KnobTensors.ToDoubles(x) };
                string? stopped = null;
                for (int step = 0; step < Steps && stopped is null; step++)
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
                        stopped = NonFinite.OverflowMessage($"step {step + 1}", lr);
                        break;
                    }
                    double[] point = KnobTensors.ToDoubles(x);
                    // A point that is not a number is where the path ends: it is named, not drawn.
                    if (!NonFinite.AllFinite(point)) stopped = NonFinite.Message("x", point.First(v => !double.IsFinite(v)), $"step {step + 1}", lr);
                    else path.Add(point);
                }
                double value;
                using (torch.no_grad()) value = f(x).item<float>();
                if (stopped is not null)
                {
                    diverged.Add($"{surface} {name}: {stopped}");
                    ctx.Print($"  {name,-9} {stopped}");
                    paths[name] = new Dictionary<string, object?> { ["points"] = path, ["diverged"] = stopped };
                }
                else
                {
                    ctx.Print($"  {name,-9} final point ({PyFormat.Fixed(path[^1][0], 6)}, {PyFormat.Fixed(path[^1][1], 6)})  f = {PyFormat.Fixed(value, 6)}");
                    paths[name] = new Dictionary<string, object?> { ["points"] = path, ["final_f"] = value };
                }
                var line = plot.Add.Scatter(path.Select(p => p[0]).ToArray(), path.Select(p => p[1]).ToArray());
                line.LegendText = name;
                line.MarkerSize = 5;
            }
            results[surface] = paths;
            plot.Axes.SetLimits(limits[0], limits[1], limits[2], limits[3]);
            ctx.Save(plot, file, ScottPlot.Alignment.LowerRight);
        }
        ctx.Result("paths", results);
        if (diverged.Count > 0) throw new LessonRunException(string.Join("; ", diverged));
        ctx.Note("");
        ctx.Note("On the bowl, SGD zig-zags across the steep x2 direction and crawls along the flat x1; momentum builds speed along x1; " +
                 "AdaGrad's steps shrink; RMSProp and Adam scale each coordinate by its own gradient size. At the saddle the gradient " +
                 "along x2 starts near 0 (the course's 鞍点): plain SGD barely leaves it, momentum gathers speed " +
                 "and gets out, and AdaGrad, RMSProp and Adam take steps of about lr in every coordinate, whatever the gradient's size, and escape.");
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
