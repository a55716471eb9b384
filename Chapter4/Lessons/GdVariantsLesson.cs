using Chapter4.Claims;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Plotting;
using Chapter4.Printing;
using Chapter4.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>梯度下降算法回顾: batch GD, SGD and mini-batch GD on the same seeded regression data.</summary>
public sealed class GdVariantsLesson : Lesson
{
    public override string Id => "gd-variants";
    public override CourseSection Section => CourseOutline.GradientDescent;
    public override string Description => "BGD (all samples), SGD (one sample) and mini-batch GD on one seeded linear-regression set: epochs, batch size, iterations";
    public override IReadOnlyList<LessonPlot> Plots => [new("gd-variants.png", T("caption"))];


    /// <summary>At most this many points of each curve of the loss on all samples (each is one pass over the data).</summary>
    public const int CurvePoints = 2_000;

    [Knob("lr", "learning rate: W = W − lr·grad", Above = 0)]
    public double Lr { get; set; } = 0.05;

    [Knob("epochs", "passes over the whole data set", Min = 1, Max = 10_000)]
    public int Epochs { get; set; } = 20;

    [Knob("batch-size", "samples per mini-batch", Min = 1, Max = 100_000)]
    public int BatchSize { get; set; } = 16;

    [Knob("samples", "size of the data set", Min = 2, Max = 100_000)]
    public int Samples { get; set; } = 100;

    /// <summary>About 200 µs each here: 250,000 steps over the three variants keep the lesson within a minute.</summary>
    public const long MaxSteps = 250_000;

    public override void Validate()
    {
        if (BatchSize > Samples) throw new LessonInputException(T("refuse.batch-size", BatchSize, Samples));
        long steps = (long)Epochs * (1 + Samples + (Samples + BatchSize - 1) / BatchSize);
        if (steps > MaxSteps)
            throw new LessonInputException(T("refuse.steps", Epochs, Samples, steps, MaxSteps));
    }

    /// <summary>A loss of a million or more in scientific form, so the columns stay aligned.</summary>
    private static string Cell(double loss) => Math.Abs(loss) < 1e6 ? PyFormat.Fixed(loss, 6) : PyFormat.Scientific(loss, 4);

    public override void Run(LessonContext ctx)
    {
        var variants = new (string Name, int BatchSize)[] { ("BGD", Samples), ("SGD", 1), ("mini-batch", BatchSize) };
        var runs = new List<Variant>();
        foreach (var (name, batchSize) in variants)
        {
            // Same seed for each: same data, same initial weights, then only the batch size differs.
            torch.manual_seed(ctx.Seed);
            var x = torch.randn(Samples, 2);
            var y = torch.mv(x, torch.tensor(new float[] { 2f, -3f })) + 1 + 0.5 * torch.randn(Samples);
            var model = nn.Linear(2, 1).to(ctx.Device);
            var criterion = nn.MSELoss();
            var (allX, allY) = (x.to(ctx.Device), y.unsqueeze(1).to(ctx.Device));
            int iterations = (Samples + batchSize - 1) / batchSize;
            long total = (long)Epochs * iterations, every = Math.Max(1, (total + CurvePoints - 1) / CurvePoints), step = 0, seen = 0;
            // The loss on all samples against the samples seen so far: the three variants compared at equal work. Measured
            // before the first step and after every `every`-th step (and the last): it reads the model and changes nothing.
            var curve = new List<(double Seen, double Loss)>();
            void Measure()
            {
                using var scope = torch.NewDisposeScope();
                using var _ = torch.no_grad();
                curve.Add((seen, criterion.call(model.call(allX), allY).item<float>()));
            }
            Measure();
            using var optimizer = new FlatSgd(model.parameters(), Lr); // torch.optim.SGD's update on one flat buffer (bit-identical)
            var run = TrainingLoop.Fit(ctx, model.call, criterion.call, optimizer, allX, allY, Epochs, batchSize,
                afterStep: () =>
                {
                    seen += Math.Min(batchSize, Samples - (int)(step % iterations) * batchSize);
                    step++;
                    if (step % every == 0 || step == total) Measure();
                });
            runs.Add(new Variant(name, batchSize, iterations, run, curve));
        }

        // Epoch: one pass over all data. Batch size: samples per step. Iteration: one step on one batch.
        ctx.Print($"{"variant",-12} {"batch size",10} {"iterations/epoch",16} {"epochs",6} {"iterations",10}");
        foreach (var r in runs)
            ctx.Print($"{r.Name,-12} {r.BatchSize,10} {r.Iterations,16} {Epochs,6} {(long)r.Iterations * Epochs,10}");
        ctx.Print("");
        ctx.Print($"{"epoch",5}" + string.Concat(runs.Select(r => $" {r.Name + " loss",16}")));
        // Rows for the epochs some run completed: a run that diverged adds none after it stopped.
        int completed = runs.Max(r => r.Run.EpochLosses.Count);
        for (int e = 0; e < completed; e++)
            ctx.Print($"{e + 1,5}" + string.Concat(runs.Select(r => $" {(e < r.Run.EpochLosses.Count ? Cell(r.Run.EpochLosses[e]) : "-"),16}")));

        ctx.Result("variants", runs.Select(r => new Dictionary<string, object?>
        {
            ["name"] = r.Name,
            ["batch_size"] = r.BatchSize,
            ["iterations_per_epoch"] = r.Iterations,
            ["epochs"] = Epochs,
            ["epoch_losses"] = r.Run.EpochLosses,
            ["first_step_losses"] = r.Run.StepLosses.Take(10).ToList(),
        }));

        SavePlot(ctx, runs);
        ctx.Note("");
        TakeAways(ctx, runs);
        TrainingLoop.ThrowIfAnyDiverged(runs.Select(r => (r.Name == "mini-batch" ? new Phrase(typeof(GdVariantsLesson), "run.mini-batch") : NonFinite.Name(r.Name), r.Run)));
    }

    private sealed record Variant(string Name, int BatchSize, int Iterations, TrainingRun Run, List<(double Seen, double Loss)> Curve);

    /// <summary>
    /// The loss on all samples against the samples seen (epochs × N at the end for every variant): equal work on the x axis,
    /// so BGD's few exact steps and SGD's many noisy ones are compared where they cost the same. BGD's curve runs from its
    /// start to the end of its last epoch. Colours from SeriesColors; BGD thick, SGD thin, mini-batch dashed, so a variant
    /// that coincides with another (batch = N is BGD, batch = 1 is SGD) still shows both.
    /// </summary>
    private void SavePlot(LessonContext ctx, List<Variant> runs)
    {
        var plot = Figures.Create(T("plot.title"), T("plot.x", Samples), T("plot.y", Samples));
        plot.UseLogY();
        foreach (var r in runs)
        {
            var shown = r.Curve.Where(p => double.IsFinite(p.Loss) && p.Loss > 0).ToArray();
            if (shown.Length == 0) continue;
            string label = r.Name switch
            {
                "BGD" => T("legend.bgd", r.BatchSize),
                "SGD" => T("legend.sgd", r.Iterations),
                _ => T(r.Iterations == 1 ? "legend.mini-one" : "legend.mini", r.BatchSize, r.Iterations),
            };
            var line = plot.LineLogY(shown.Select(p => p.Seen).ToArray(), shown.Select(p => p.Loss).ToArray(), label);
            line.Color = SeriesColors.Of(r.Name == "SGD" ? "SGD (batch 1)" : r.Name);
            line.LineWidth = r.Name switch { "BGD" => 4, "SGD" => 1.5f, _ => 2 };
            if (r.Name == "mini-batch") line.LinePattern = ScottPlot.LinePattern.Dashed;
        }
        ctx.Save(plot, "gd-variants.png");
    }

    /// <summary>What the three runs show, each sentence computed from their numbers.</summary>
    private void TakeAways(LessonContext ctx, List<Variant> runs)
    {
        Variant bgd = runs[0], sgd = runs[1], mini = runs[2];
        ctx.Fact("variants", [("samples", Samples)], I(Samples));
        // The course's three names are batch sizes: batch = N is BGD and batch = 1 is SGD, whatever --batch-size says.
        bool miniIsCopy = false;
        if (BatchSize == Samples || BatchSize == 1)
        {
            Variant same = BatchSize == Samples ? bgd : sgd;
            int n = Math.Min(mini.Run.EpochLosses.Count, same.Run.EpochLosses.Count);
            var identical = Claim.Identity("mini-batch epoch losses", mini.Run.EpochLosses.Take(n).ToList(), $"{same.Name} epoch losses", same.Run.EpochLosses.Take(n).ToList(), 0)
                .Quoting(("batch size", BatchSize), ("samples", Samples));
            miniIsCopy = identical.MaxAbsDiff == 0 && mini.Run.EpochLosses.Count == same.Run.EpochLosses.Count && mini.Curve.SequenceEqual(same.Curve);
            string key = (BatchSize == Samples ? "mini.bgd" : "mini.sgd") + (miniIsCopy ? "" : "-differs");
            ctx.Say(identical, key, I(BatchSize), I(Samples));
        }
        else
        {
            ctx.Fact("mini.between", [("batch size", BatchSize), ("iterations", mini.Iterations), ("SGD iterations", Samples)], I(BatchSize), I(mini.Iterations), I(Samples));
        }

        // A mini-batch run that is BGD's or SGD's over again says nothing new: its lines are left out.
        var distinct = miniIsCopy ? runs.Take(2).ToList() : runs;
        foreach (var r in distinct.Where(r => r.Run.EpochLosses.Count > 0))
        {
            var losses = r.Run.EpochLosses;
            var trend = Claim.Trend($"{r.Name} epoch loss", losses).Quoting(("lr", Lr), ("iterations", r.Iterations), ("batch size", r.BatchSize), ("epochs", losses.Count));
            string key = losses.Count == 1 ? "epoch.single" : trend.Direction switch
            {
                TrendDirection.Decreasing => "epoch.decreasing",
                TrendDirection.Increasing => "epoch.increasing",
                TrendDirection.Constant => "epoch.constant",
                _ => losses[^1] < losses[0] ? "epoch.mixed-down" : losses[^1] > losses[0] ? "epoch.mixed-up" : "epoch.mixed-same",
            };
            ctx.Say(trend, key, r.Name, Cell(losses[0]).Trim(), Cell(losses[^1]).Trim(), PyFormat.Repr(Lr), I(r.Iterations), I(r.BatchSize), I(losses.Count));
        }

        // Equal work: the same samples seen by every finished run, and how steady each curve is.
        var finished = distinct.Where(r => r.Run.Diverged is null).ToList();
        foreach (var r in finished)
        {
            double[] values = r.Curve.Select(p => p.Loss).ToArray();
            // A mean of float32 squares is rounded to about 1e-7 of its size: changes within 1e-6 of the largest value are noise.
            double floor = 1e-6 * values.Where(double.IsFinite).Select(Math.Abs).DefaultIfEmpty(0).Max();
            var trend = Claim.Trend($"{r.Name} loss on all samples", values, floor).Quoting(("batch size", r.BatchSize), ("samples", Samples));
            int rises = Enumerable.Range(1, values.Length - 1).Count(i => values[i] - values[i - 1] > floor);
            string key = trend.Direction switch
            {
                TrendDirection.Decreasing => "curve.decreasing",
                TrendDirection.Increasing => "curve.increasing",
                TrendDirection.Constant => "curve.constant",
                // Every step of a full batch follows the whole set's gradient: its rises are overshoots, not noise.
                _ => r.BatchSize == Samples ? "curve.mixed-full" : "curve.mixed",
            };
            ctx.Say(trend.Quoting(("rises", rises), ("points", values.Length - 1)), key, r.Name, I(rises), I(values.Length - 1), I(r.BatchSize), G(values[0]), G(values[^1]));
        }
        if (finished.Count > 1)
        {
            var rank = Claim.Rank(finished.Select(r => (r.Name, r.Curve[^1].Loss))).Quoting(("samples seen", (double)Epochs * Samples), ("epochs", Epochs));
            ctx.Say(rank, "work", ((long)Epochs * Samples).ToString(System.Globalization.CultureInfo.InvariantCulture), I(Epochs), JoinList(rank.Names.Zip(rank.Scores, (n, v) => $"{n} {G(v)}")));
        }
    }

    private static string G(double v) => PyFormat.General(v, 4);

    private static string I(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
