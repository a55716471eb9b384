using Chapter4.Harness;
using Chapter4.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>如何选择梯度下降优化方法: the same seeded MLP trained with each optimizer on the same seeded data.</summary>
public sealed class OptimizerCompareLesson : Lesson
{
    public override string Id => "optimizer-compare";
    public override CourseSection Section => Course.ChooseOptimizer;
    public override int OrderInSection => 2;
    public override string Description => "one seeded 2-16-3 MLP trained with SGD, Momentum, AdaGrad, RMSProp and Adam on 300 seeded points: loss curves, final loss and accuracy";
    public override IReadOnlyList<string> Plots => ["optimizer-loss.png"];

    [Knob("epochs", "training epochs", Min = 1, Max = 10_000)]
    public int Epochs { get; set; } = 30;

    [Knob("batch-size", "samples per mini-batch", Min = 1, Max = 300)]
    public int BatchSize { get; set; } = 32;

    [Knob("lr", "learning rate of SGD, Momentum and AdaGrad (RMSProp and Adam use lr/10)", Above = 0)]
    public double Lr { get; set; } = 0.1;

    [Knob("optimizers", "which optimizers", Choices = OptimizerZoo.NameList)]
    public string[] Optimizers { get; set; } = OptimizerZoo.Names;

    /// <summary>The adaptive methods normalise the step; they want a smaller rate (the usual 1e-2 vs 1e-1).</summary>
    private double LrFor(string optimizer) => optimizer is "rmsprop" or "adam" ? Lr / 10 : Lr;

    /// <summary>About 330 µs each here: 150,000 steps over all optimizers keep the lesson within a minute.</summary>
    public const long MaxSteps = 150_000;

    public override void Validate()
    {
        long steps = (long)Epochs * ((300 + BatchSize - 1) / BatchSize) * Optimizers.Length;
        if (steps > MaxSteps)
            throw new LessonInputException($"--epochs {Epochs} with --batch-size {BatchSize} is {steps} steps over {Optimizers.Length} optimizers; at most {MaxSteps} keep this lesson within about a minute");
    }

    public override void Run(LessonContext ctx)
    {
        var runs = new List<(string Name, TrainingRun Run, double Accuracy)>();
        foreach (string name in Optimizers)
        {
            // Same seed for each optimizer: same points, same initial weights, same shuffles.
            torch.manual_seed(ctx.Seed);
            var (points, labels) = Blobs();
            var model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3)).to(ctx.Device);
            (points, labels) = (points.to(ctx.Device), labels.to(ctx.Device));
            var optimizer = OptimizerZoo.Create(name, model.parameters(), LrFor(name));
            var run = Training.Fit(ctx, model.call, nn.CrossEntropyLoss().call, optimizer, points, labels, Epochs, BatchSize);
            double accuracy = double.NaN;
            if (run.Diverged is null)
                using (torch.no_grad())
                    accuracy = (model.call(points).argmax(1) == labels).to_type(ScalarType.Float64).mean().item<double>();
            runs.Add((name, run, accuracy));
        }
        // A run that diverged is named in the table and reported at the end; the others are kept.
        var finished = runs.Where(r => r.Run.Diverged is null).ToList();

        ctx.Print($"{"optimizer",-10} {"lr",6} {"final loss",11} {"accuracy",9}");
        foreach (var (name, run, accuracy) in runs)
            ctx.Print($"{name,-10} {PyFormat.Repr(LrFor(name)),6} " +
                      (run.Diverged is { } d ? $"diverged at epoch {d.Epoch + 1}" : $"{PyFormat.Fixed(run.EpochLosses[^1], 6),11} {PyFormat.Fixed(accuracy, 4),9}"));

        ctx.Result("optimizers", finished.Select(r => new Dictionary<string, object?>
        {
            ["name"] = r.Name,
            ["epoch_losses"] = r.Run.EpochLosses,
            ["final_loss"] = r.Run.EpochLosses[^1],
            ["accuracy"] = r.Accuracy,
        }));

        var plot = Plotting.Create("The same MLP, five optimizers", "Epoch", "Mean training loss (cross entropy, log scale)");
        plot.UseLogY();
        double[] epochs = Enumerable.Range(1, Epochs).Select(e => (double)e).ToArray();
        foreach (var (name, run, _) in finished) plot.LineLogY(epochs, run.EpochLosses.ToArray(), name);
        ctx.Save(plot, "optimizer-loss.png");
        Training.ThrowIfAnyDiverged(runs.Select(r => (r.Name, r.Run)));

        ctx.Note("");
        ctx.Note("\"final loss\" is the mean training loss of the last epoch and \"accuracy\" is on the training points: one seed, no held-out data.");
        if (finished.Count > 1)
        {
            // Is the spread between optimizers larger than one run's own epoch-to-epoch wobble? Computed, not assumed.
            double spread = finished.Max(r => r.Run.EpochLosses[^1]) - finished.Min(r => r.Run.EpochLosses[^1]);
            double wobble = finished.Where(r => r.Run.EpochLosses.Count > 1)
                .Select(r => r.Run.EpochLosses.Zip(r.Run.EpochLosses.Skip(1), (a, b) => Math.Abs(b - a)).TakeLast(5).Max()).DefaultIfEmpty(0).Max();
            ctx.Note($"The final losses span {PyFormat.General(spread, 3)}; the largest change between two of the last epochs of one run is {PyFormat.General(wobble, 3)}: " +
                     (spread <= wobble ? "the ranking is within the noise of a single run, so this run cannot rank the optimizers." : "the spread exceeds that noise, but it is still one seed at one learning rate each."));
        }
        ctx.Note("Choosing (the course): SGD and momentum suit simple tasks and shallow networks; Adam suits complex tasks " +
                 "and large data; AdaGrad and RMSProp suit sparse data such as text (NLP). A fair test gives each optimizer its own tuned rate.");
    }

    /// <summary>300 seeded points in three Gaussian blobs (100 per class).</summary>
    private static (Tensor Points, Tensor Labels) Blobs()
    {
        var centres = torch.tensor(new float[] { 0, 0, 2.5f, 2.5f, -2.5f, 2.5f }, [3, 2]);
        var labels = torch.arange(3, dtype: ScalarType.Int64).repeat_interleave(100);
        var points = centres.index_select(0, labels) + 1.2 * torch.randn(300, 2);
        return (points, labels);
    }
}
