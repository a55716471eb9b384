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
    public override IReadOnlyList<LessonPlot> Plots =>
        [
            new("gd-variants.png", "Every iteration's batch loss on an epoch scale: BGD's few smooth steps, mini-batch's noisy ones, and SGD as the EWMA of its single-sample losses (which themselves range over nine decades)."),
        ];

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
        if (BatchSize > Samples) throw new LessonInputException($"--batch-size {BatchSize} is larger than --samples {Samples}");
        long steps = (long)Epochs * (1 + Samples + (Samples + BatchSize - 1) / BatchSize);
        if (steps > MaxSteps)
            throw new LessonInputException($"--epochs {Epochs} with --samples {Samples} is {steps} steps over BGD, SGD and mini-batch; at most {MaxSteps} keep this lesson within about a minute");
    }

    /// <summary>A loss of a million or more in scientific form, so the columns stay aligned.</summary>
    private static string Cell(double loss) => Math.Abs(loss) < 1e6 ? PyFormat.Fixed(loss, 6) : PyFormat.Scientific(loss, 4);

    public override void Run(LessonContext ctx)
    {
        var variants = new (string Name, int BatchSize)[] { ("BGD", Samples), ("SGD", 1), ("mini-batch", BatchSize) };
        var runs = new List<(string Name, int BatchSize, int Iterations, TrainingRun Run)>();
        foreach (var (name, batchSize) in variants)
        {
            // Same seed for each: same data, same initial weights, then only the batch size differs.
            torch.manual_seed(ctx.Seed);
            var x = torch.randn(Samples, 2);
            var y = torch.mv(x, torch.tensor(new float[] { 2f, -3f })) + 1 + 0.5 * torch.randn(Samples);
            var model = nn.Linear(2, 1).to(ctx.Device);
            using var optimizer = new FlatSgd(model.parameters(), Lr); // torch.optim.SGD's update on one flat buffer (bit-identical)
            var run = TrainingLoop.Fit(ctx, model.call, nn.MSELoss().call, optimizer, x.to(ctx.Device), y.unsqueeze(1).to(ctx.Device), Epochs, batchSize);
            runs.Add((name, batchSize, (Samples + batchSize - 1) / batchSize, run));
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

        // Iterations on an epoch scale, so 20 BGD steps and 2,000 SGD steps share one axis; step k's loss is
        // measured before its update, so it is drawn at k / iterations (BGD's first loss at epoch 0).
        // SGD's single-sample losses scatter over many decades (a sample the line fits nearly exactly
        // scores ~1e-9): drawn as their EWMA (β = 0.98), with their range in the legend, so the log axis
        // keeps the informative band.
        var plot = Figures.Create("Gradient descent variants: loss at every iteration", "Epoch (iteration / iterations per epoch)", "Batch loss (MSE, log scale)");
        plot.UseLogY();
        foreach (var r in runs.Where(r => r.Run.StepLosses.Count > 0))
        {
            double[] at = Enumerable.Range(0, r.Run.StepLosses.Count).Select(i => (double)i / r.Iterations).ToArray();
            double[] losses = r.Run.StepLosses.Select(l => Math.Max(l, 1e-12)).ToArray();
            if (r.BatchSize > 1 || losses.Length < 2)
            {
                // BGD and mini-batch are the same optimizer as SGD: colours of their own, not SGD's.
                plot.LineLogY(at, losses, $"{r.Name} (batch {r.BatchSize}, {r.Iterations} iterations/epoch)").Color =
                    ScottPlot.Color.FromHex(r.Name == "BGD" ? "#8c564b" : "#2ca02c");
                continue;
            }
            double s = 0;
            double[] smooth = losses.Select((l, t) => (s = 0.98 * s + 0.02 * l) / (1 - Math.Pow(0.98, t + 1))).ToArray();
            plot.LineLogY(at, smooth, $"{r.Name} (batch 1): EWMA of its losses, which range {PyFormat.General(losses.Min(), 2)} to {PyFormat.General(losses.Max(), 2)}");
        }
        ctx.Save(plot, "gd-variants.png");

        ctx.Note("");
        // The course's three names are batch sizes: batch = N is BGD and batch = 1 is SGD, whatever --batch-size says.
        string miniBatch = BatchSize == Samples
            ? $"here --batch-size {BatchSize} = --samples {Samples}, so the \"mini-batch\" run is BGD itself (one step per epoch)."
            : BatchSize == 1
                ? "here --batch-size 1, so the \"mini-batch\" run is SGD itself (one sample per step)."
                : $"mini-batch (batch {BatchSize}) sits between: fewer, steadier steps than SGD, more than BGD ({(Samples + BatchSize - 1) / BatchSize} per epoch).";
        ctx.Note("Take-away: BGD takes one exact but costly step per epoch; SGD takes many cheap, noisy steps; " + miniBatch);
        // Computed from this run: each variant's first and last epoch loss, and whether the rate was too large for it.
        foreach (var r in runs.Where(r => r.Run.EpochLosses.Count > 0))
        {
            double first = r.Run.EpochLosses[0], last = r.Run.EpochLosses[^1];
            ctx.Note($"  {r.Name}: epoch loss {Cell(first).Trim()} → {Cell(last).Trim()}" +
                     (last > first ? $": it grew, lr {PyFormat.Repr(Lr)} is too large for {r.Iterations} steps of batch {r.BatchSize} per epoch" : ""));
        }
        TrainingLoop.ThrowIfAnyDiverged(runs.Select(r => (r.Name, r.Run)));
    }
}
