using Chapter4.Claims;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Language;
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
            new("momentum-dynamics.png", Texts.Get(typeof(MomentumDynamicsLesson), "caption.dynamics")),
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
        Phrase? diverged = null;
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
                    diverged = NonFinite.Message("x", point.First(v => !double.IsFinite(v)), NonFinite.AtStepWithMomentum(step + 1, mu), Lr);
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
                    ["diverged"] = diverged.English, // the results are the same in every language
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
        if (diverged is not null) throw new LessonRunException(diverged.ToString());

        var points = runs.SelectMany(r => r.Path).ToList();
        double[] view = [-6, 2, -3, 3];
        // An axis whose values reach more than 100 times its usual extent turns symmetric-log (SymLog), and says so.
        SymLog? xs = SymLog.IfNeeded(points.Select(p => p[0]), 6), ys = SymLog.IfNeeded(points.Select(p => p[1]), 3);
        double X(double v) => xs?.Forward(v) ?? v;
        double Y(double v) => ys?.Forward(v) ?? v;
        var plot = Figures.Create(T("plot.title", PyFormat.Repr(Lr), Steps),
            xs is null ? "x1" : T("plot.symlog-axis", "x1", PyFormat.General(xs.C, 3)),
            ys is null ? "x2" : T("plot.symlog-axis", "x2", PyFormat.General(ys.C, 3)));
        double[] t = Enumerable.Range(0, 201).Select(i => i * 2 * Math.PI / 200).ToArray();
        foreach (double c in new[] { 0.5, 1.5, 3, 5, 8, 12 })
        {
            var level = plot.Add.ScatterLine(t.Select(a => X(Math.Sqrt(c / 0.1) * Math.Cos(a))).ToArray(), t.Select(a => Y(Math.Sqrt(c / 2) * Math.Sin(a))).ToArray());
            level.Color = ScottPlot.Colors.Gray.WithAlpha(0.35);
        }
        foreach (var r in runs)
        {
            var line = plot.Add.Scatter(r.Path.Select(p => X(p[0])).ToArray(), r.Path.Select(p => Y(p[1])).ToArray());
            line.LegendText = T("plot.legend", PyFormat.Repr(r.Mu), PyFormat.General(Lr / (1 - r.Mu), 3));
            // One colour per μ in every plot (the same μ, the same colour), not per position in the list.
            line.Color = SeriesColors.Setting(r.Mu);
            line.MarkerSize = 4;
        }
        var minimum = plot.Add.Marker(0, 0, ScottPlot.MarkerShape.OpenCircle, 12, ScottPlot.Colors.Black);
        minimum.LegendText = T("plot.minimum");
        if (xs is not null) plot.Axes.Bottom.TickGenerator = xs.Ticks();
        if (ys is not null) plot.Axes.Left.TickGenerator = ys.Ticks();
        plot.ViewIncluding([X(view[0]), X(view[1]), Y(view[2]), Y(view[3])], points.Select(p => new[] { X(p[0]), Y(p[1]) }));
        ctx.Save(plot, "momentum-dynamics.png");

        ctx.Note("");
        TakeAways(ctx, runs.Select(r => (r.Mu, r.Path, (double)r.Final, r.X1Max, r.Grads, r.Buffers)).ToList());
    }


    private static string N(double v) => PyFormat.General(v, 4);

    /// <summary>Each sentence a claim computed from the paths and the optimizer's buffers.</summary>
    private void TakeAways(LessonContext ctx, List<(double Mu, List<double[]> Path, double Final, double X1Max, List<float[]> Grads, List<float[]> Buffers)> runs)
    {
        var withBuffer = runs.FirstOrDefault(r => r.Mu > 0 && r.Buffers.Count > 1);
        if (withBuffer.Buffers is not null)
        {
            // PyTorch: buffer_2 = μ·buffer_1 + grad_2 (buffer_1 = grad_1), read from optimizer.state[x]; the step is −lr·buffer.
            double mu = withBuffer.Mu;
            float[] g = withBuffer.Grads[1], b1 = withBuffer.Buffers[0], b2 = withBuffer.Buffers[1];
            double[] expected = [mu * b1[0] + g[0], mu * b1[1] + g[1]];
            // float32 buffer against float64: a few roundings (2⁻²⁴ ≈ 6e-8) of values of order 10.
            var buffer = Claim.Identity("momentum_buffer at step 2", [b2[0], b2[1]], "μ·buffer_1 + grad_2", expected, 1e-5 * Math.Max(1, expected.Max(Math.Abs)))
                .Quoting(("momentum", mu), ("x.grad[0]", g[0]), ("x.grad[1]", g[1]));
            ctx.Say(buffer, "buffer", PyFormat.Repr(mu), PyFormat.Fixed(g[0], 4), PyFormat.Fixed(g[1], 4), PyFormat.Fixed(b2[0], 4), PyFormat.Fixed(b2[1], 4));
        }
        var ordered = runs.OrderBy(r => r.Mu).ToList();
        var effective = Claim.Rank(ordered.Select(r => ($"μ {PyFormat.Repr(r.Mu)}", Lr / (1 - r.Mu))))
            .Quoting([("lr", Lr), .. ordered.Select((r, i) => ($"μ[{i}]", r.Mu))]);
        ctx.Say(effective, "effective", JoinList(ordered.Select(r => $"μ {PyFormat.Repr(r.Mu)} → {N(Lr / (1 - r.Mu))}")));

        // x1 starts at −5 and the minimum is at 0: the largest x1 says how far each run went past it (x1 > 0 beyond float noise).
        double floor = 1e-6 * 5;
        var reach = Claim.Rank(runs.Select(r => ($"μ {PyFormat.Repr(r.Mu)}", r.X1Max))).Quoting([.. runs.Select((r, i) => ($"μ[{i}]", r.Mu))]);
        string byReach = JoinList(reach.Names.Zip(reach.Scores, (n, v) => $"{n} {N(v)}"));
        bool anyOvershoot = runs.Any(r => r.X1Max > floor);
        ctx.Say(reach, anyOvershoot ? "reach" : "reach-none", byReach);
        if (ordered.Count > 1 && anyOvershoot)
        {
            // Does the largest x1 grow with μ? TrendRule on the runs ordered by μ (ties in μ add nothing).
            var trend = Claim.Trend("largest x1 by increasing μ", ordered.Select(r => r.X1Max).ToList(), floor)
                .Quoting([.. ordered.Select((r, i) => ($"μ[{i}]", r.Mu))]);
            ctx.Say(trend, trend.Direction switch
            {
                TrendDirection.Increasing => "overshoot-grows",
                TrendDirection.Decreasing => "overshoot-falls",
                _ => "overshoot-mixed",
            });
        }
        var final = Claim.Rank(runs.Select(r => ($"μ {PyFormat.Repr(r.Mu)}", r.Final))).Quoting([.. runs.Select((r, i) => ($"μ[{i}]", r.Mu))]);
        ctx.Say(final, "final", JoinList(final.Names.Zip(final.Scores, (n, v) => $"{n} {N(v)}")));
        var largest = ordered[^1];
        var best = ordered.MinBy(r => r.Final);
        if (ordered.Count > 1 && best.Mu != largest.Mu)
        {
            var more = Claim.Compare($"final f at μ {PyFormat.Repr(largest.Mu)}", largest.Final, $"final f at μ {PyFormat.Repr(best.Mu)}", best.Final)
                .Quoting(("largest μ", largest.Mu), ("best μ", best.Mu));
            if (more.Relation == ">") ctx.Say(more, "more-is-not-better", PyFormat.Repr(largest.Mu), N(largest.Final), PyFormat.Repr(best.Mu), N(best.Final));
        }
    }
}
