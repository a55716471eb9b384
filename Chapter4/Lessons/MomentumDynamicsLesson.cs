using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Plotting;
using Chapter4.Printing;
using Chapter4.Training;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>
/// Deepens 动量算法: SGD with momentum μ ∈ {0.5, 0.9, 0.99} on the stretched bowl 0.1·x1² + 2·x2² from
/// (−5, −2). The effective rate lr/(1 − μ) grows with μ, and so do overshoot and oscillation
/// (under-damping); the momentum buffer is read from the optimizer's state beside w.grad.
/// </summary>
public sealed class MomentumDynamicsLesson : Lesson
{
    public override string Id => "momentum-dynamics";
    public override CourseSection Section => CourseOutline.Momentum;
    public override int OrderInSection => 1;
    public override string Description => "SGD with momentum 0.5, 0.9, 0.99 on the bowl 0.1·x1² + 2·x2²: effective lr/(1−μ), overshoot and oscillation grow with μ";
    public override IReadOnlyList<LessonPlot> Plots =>
        [
            new("momentum-dynamics.png", "The bowl at lr 0.1: μ = 0.5 creeps in without overshoot, μ = 0.9 overshoots to x1 ≈ 1.5 and spirals in, μ = 0.99 swings to x1 ≈ 4.5 and is still far out after 60 steps."),
        ];

    [Knob("momenta", "the momentum factors μ to compare, each in [0, 1)", Min = 0, Below = 1, MaxCount = 10)]
    public double[] Momenta { get; set; } = [0.5, 0.9, 0.99];

    [Knob("lr", "learning rate", Above = 0)]
    public double Lr { get; set; } = 0.1;

    [Knob("steps", "optimizer steps per path", Min = 1, Max = 10_000)]
    public int Steps { get; set; } = 60;

    private static Tensor F(Tensor x) => 0.1 * x[0].pow(2) + 2 * x[1].pow(2);

    public override void Run(LessonContext ctx)
    {
        var runs = new List<(double Mu, List<double[]> Path, float Final, double X1Max, int Flips, List<float[]> Grads, List<float[]> Buffers)>();
        ctx.Print($"{"momentum",8} {"lr/(1-μ)",9} {"final f",12} {"x1 max",8} {"x2 sign changes",15}");
        string? diverged = null;
        Dictionary<string, object?>? partial = null;
        foreach (double mu in Momenta)
        {
            if (diverged is not null) break;
            var x = nn.Parameter(torch.tensor(new float[] { -5, -2 }));
            var optimizer = torch.optim.SGD([x], Lr, momentum: mu);
            var path = new List<double[]> { TensorValues.ToDoubles(x) };
            var grads = new List<float[]>();
            var buffers = new List<float[]>();
            for (int step = 0; step < Steps; step++)
            {
                using var scope = torch.NewDisposeScope();
                optimizer.zero_grad();
                F(x).backward();
                optimizer.step();
                double[] point = TensorValues.ToDoubles(x);
                if (!NonFinite.AllFinite(point))
                {
                    diverged = NonFinite.Message("x", point.First(v => !double.IsFinite(v)), $"step {step + 1} with momentum {PyFormat.Repr(mu)}", Lr);
                    break;
                }
                path.Add(point);
                grads.Add(TensorValues.ToDoubles(x.grad!).Select(v => (float)v).ToArray());
                // optimizer.state[x]['momentum_buffer'] beside x.grad (none for μ = 0, as in PyTorch).
                var buffer = OptimizerStates.Of<SGD.State>(optimizer).momentum_buffer;
                buffers.Add(buffer is null ? [] : TensorValues.ToDoubles(buffer).Select(v => (float)v).ToArray());
            }
            if (diverged is not null)
            {
                // The path up to the last finite point is kept beside the finished runs, and named.
                partial = new Dictionary<string, object?>
                {
                    ["momentum"] = mu,
                    ["lr"] = Lr,
                    ["effective_lr"] = Lr / (1 - mu),
                    ["diverged"] = diverged,
                    ["path"] = path,
                    ["grads"] = grads,
                    ["momentum_buffers"] = buffers,
                };
                break;
            }
            float final;
            using (torch.no_grad()) final = F(x).item<float>();
            int flips = path.Zip(path.Skip(1), (a, b) => a[1] * b[1] < 0 ? 1 : 0).Sum();
            double x1Max = path.Max(p => p[0]);
            ctx.Print($"{PyFormat.Repr(mu),8} {PyFormat.General(Lr / (1 - mu), 4),9} {PyFormat.General(final, 6),12} {PyFormat.Fixed(x1Max, 4),8} {flips,15}");
            runs.Add((mu, path, final, x1Max, flips, grads, buffers));
        }

        ctx.Result("runs", runs.Select(r => new Dictionary<string, object?>
        {
            ["momentum"] = r.Mu,
            ["lr"] = Lr,
            ["effective_lr"] = Lr / (1 - r.Mu),
            ["final_f"] = r.Final,
            ["x1_max"] = r.X1Max,
            ["x2_sign_changes"] = r.Flips,
            ["path"] = r.Path,
            ["grads"] = r.Grads,
            ["momentum_buffers"] = r.Buffers,
        }).Concat(partial is null ? [] : [partial]));
        // The runs that finished are kept; the one that diverged is named.
        if (diverged is not null) throw new LessonRunException(diverged);

        var plot = Figures.Create($"SGD with momentum on 0.1·x1² + 2·x2² (lr {PyFormat.Repr(Lr)}, {Steps} steps)", "x1", "x2");
        double[] t = Enumerable.Range(0, 201).Select(i => i * 2 * Math.PI / 200).ToArray();
        foreach (double c in new[] { 0.5, 1.5, 3, 5, 8, 12 })
        {
            var level = plot.Add.ScatterLine(t.Select(a => Math.Sqrt(c / 0.1) * Math.Cos(a)).ToArray(), t.Select(a => Math.Sqrt(c / 2) * Math.Sin(a)).ToArray());
            level.Color = ScottPlot.Colors.Gray.WithAlpha(0.35);
        }
        string[] colours = ["#2ca02c", "#ff7f0e", "#d62728", "#1f77b4", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"];
        for (int i = 0; i < runs.Count; i++)
        {
            var r = runs[i];
            var line = plot.Add.Scatter(r.Path.Select(p => p[0]).ToArray(), r.Path.Select(p => p[1]).ToArray());
            line.LegendText = $"μ = {PyFormat.Repr(r.Mu)} (lr/(1−μ) = {PyFormat.General(Lr / (1 - r.Mu), 3)})";
            line.Color = ScottPlot.Color.FromHex(colours[i % colours.Length]);
            line.MarkerSize = 4;
        }
        var minimum = plot.Add.Marker(0, 0, ScottPlot.MarkerShape.OpenCircle, 12, ScottPlot.Colors.Black);
        minimum.LegendText = "minimum (0, 0)";
        plot.ViewIncluding([-6, 2, -3, 3], runs.SelectMany(r => r.Path));
        ctx.Save(plot, "momentum-dynamics.png");

        ctx.Note("");
        foreach (string line in TakeAways(runs.Select(r => (r.Mu, (double)r.Final, r.X1Max, r.Flips, r.Grads, r.Buffers)).ToList())) ctx.Note(line);
    }

    /// <summary>Each sentence computed from the paths and the optimizer's buffers.</summary>
    private IEnumerable<string> TakeAways(List<(double Mu, double Final, double X1Max, int Flips, List<float[]> Grads, List<float[]> Buffers)> runs)
    {
        var withBuffer = runs.FirstOrDefault(r => r.Mu > 0 && r.Buffers.Count > 1);
        if (withBuffer.Buffers is not null)
            yield return $"μ = {PyFormat.Repr(withBuffer.Mu)}, step 2: x.grad = ({PyFormat.Fixed(withBuffer.Grads[1][0], 4)}, {PyFormat.Fixed(withBuffer.Grads[1][1], 4)}), " +
                         $"optimizer.state[x]['momentum_buffer'] = ({PyFormat.Fixed(withBuffer.Buffers[1][0], 4)}, {PyFormat.Fixed(withBuffer.Buffers[1][1], 4)}) = μ·buffer + grad: " +
                         "the step follows the buffer, not the gradient.";
        var ordered = runs.OrderBy(r => r.Mu).ToList();
        yield return "Effective rate lr/(1−μ): " + string.Join(", ", ordered.Select(r => $"μ {PyFormat.Repr(r.Mu)} → {PyFormat.General(Lr / (1 - r.Mu), 4)}")) + ".";
        var overshooting = ordered.Where(r => r.X1Max > 0).ToList();
        yield return overshooting.Count > 0
            ? $"Overshoot past the minimum along x1 (x1 > 0): {string.Join(", ", overshooting.Select(r => $"μ {PyFormat.Repr(r.Mu)} to {PyFormat.Fixed(r.X1Max, 3)}"))}; " +
              $"no overshoot: {(ordered.Count > overshooting.Count ? string.Join(", ", ordered.Except(overshooting).Select(r => $"μ {PyFormat.Repr(r.Mu)}")) : "none")}."
            : "No run overshoots the minimum along x1 here.";
        bool growing = ordered.Zip(ordered.Skip(1), (a, b) => b.X1Max >= a.X1Max).All(v => v);
        yield return growing && ordered.Count > 1
            ? "The overshoot grows with μ: a larger μ keeps more of the old velocity, so the path is less damped (under-damped, like a heavy ball on a spring)."
            : "The overshoot does not grow monotonically with μ in this run.";
        var best = ordered.MinBy(r => r.Final);
        var largest = ordered[^1];
        yield return $"Lowest final f: μ {PyFormat.Repr(best.Mu)} ({PyFormat.General(best.Final, 4)})" +
                     (best.Mu == largest.Mu ? "." : $"; the largest, μ {PyFormat.Repr(largest.Mu)}, ends at {PyFormat.General(largest.Final, 4)}: more momentum is not more progress.");
    }
}
