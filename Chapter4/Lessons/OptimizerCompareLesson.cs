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
/// 如何选择梯度下降优化方法, compared fairly: the same 2-16-3 MLP trained with each optimizer, each at
/// the learning rate of its own small grid that gives the lowest mean validation loss, over several
/// seeds; reported on held-out test points as mean ± std.
/// </summary>
public sealed class OptimizerCompareLesson : Lesson
{
    public override string Id => "optimizer-compare";
    public override CourseSection Section => CourseOutline.ChooseOptimizer;
    public override int OrderInSection => 2;
    public override string Description => "a 2-16-3 MLP on 300 seeded points, each optimizer at its best lr of a grid, mean ± std of the held-out loss over 3 seeds";
    public override IReadOnlyList<LessonPlot> Plots =>
        [
            new("optimizer-loss.png", "Each optimizer at its best rate, mean training loss over 3 seeds: all settle near the same loss; on the held-out points SGD (lr 0.3) and Adam (lr 0.01) lead, within one standard deviation of each other."),
        ];

    [Knob("epochs", "training epochs", Min = 1, Max = 10_000)]
    public int Epochs { get; set; } = 30;

    [Knob("batch-size", "samples per mini-batch (of the 200 training points)", Min = 1, Max = 200)]
    public int BatchSize { get; set; } = 32;

    [Knob("seeds", "how many seeds (data, split, initial weights, shuffles), from --seed on", Min = 1, Max = 10)]
    public int Seeds { get; set; } = 3;

    [Knob("lr", "one learning rate for every optimizer (none: each its best of its grid)", Above = 0)]
    public double? Lr { get; set; }

    [Knob("optimizers", "which optimizers", Choices = OptimizerZoo.NameList)]
    public string[] Optimizers { get; set; } = OptimizerZoo.Names;

    /// <summary>Each optimizer's grid: a decade around its usual rate (the adaptive methods normalise the step).</summary>
    public static double[] GridFor(string optimizer) => optimizer switch
    {
        "rmsprop" or "adam" => [0.001, 0.003, 0.01, 0.03],
        "momentum" => [0.003, 0.01, 0.03, 0.1],
        _ => [0.01, 0.03, 0.1, 0.3],
    };

    private double[] Grid(string optimizer) => Lr is { } lr ? [lr] : GridFor(optimizer);

    /// <summary>About 330 µs each here: 150,000 steps over every optimizer, rate and seed keep the lesson within a minute.</summary>
    public const long MaxSteps = 150_000;

    public override void Validate()
    {
        long steps = (long)Epochs * ((200 + BatchSize - 1) / BatchSize) * Seeds * Optimizers.Sum(o => Grid(o).Length);
        if (steps > MaxSteps)
            throw new LessonInputException($"--epochs {Epochs}, --batch-size {BatchSize} and --seeds {Seeds} make {steps} steps over every optimizer and rate; " +
                                           $"at most {MaxSteps} keep this lesson within about a minute");
    }

    /// <summary>One training run: its curve, and the mean cross entropy on the validation and test points.</summary>
    private sealed record Trial(double Lr, long Seed, TrainingRun Run, double ValLoss, double TestLoss, double TestAccuracy);

    public override void Run(LessonContext ctx)
    {
        var chosen = new List<(string Name, double Lr, double[] ValByLr, List<Trial> Trials)>();
        foreach (string name in Optimizers)
        {
            var trials = new List<Trial>();
            foreach (double lr in Grid(name))
                for (int s = 0; s < Seeds; s++)
                    trials.Add(Train(ctx, name, lr, ctx.Seed + s));
            // The rate with the lowest mean validation loss (a diverged run counts as +∞); the test points decide nothing.
            double[] grid = Grid(name);
            double[] valByLr = grid.Select(lr => trials.Where(t => t.Lr == lr).Average(t => t.ValLoss)).ToArray();
            int best = Array.IndexOf(valByLr, valByLr.Min());
            chosen.Add((name, grid[best], valByLr, trials.Where(t => t.Lr == grid[best]).ToList()));
        }

        ctx.Print($"{"optimizer",-10} {"lr",6} {"test loss (mean ± std)",24} {"test accuracy",13}");
        foreach (var (name, lr, _, trials) in chosen)
        {
            if (trials.FirstOrDefault(t => t.Run.Diverged is not null) is { } bad)
            {
                ctx.Print($"{name,-10} {PyFormat.Repr(lr),6} diverged (seed {bad.Seed}, epoch {bad.Run.Diverged!.Epoch + 1})");
                continue;
            }
            var (mean, std) = Stats.MeanStd(trials.Select(t => t.TestLoss));
            ctx.Print($"{name,-10} {PyFormat.Repr(lr),6} {PyFormat.Fixed(mean, 4) + " ± " + PyFormat.Fixed(std, 4),24} {PyFormat.Fixed(trials.Average(t => t.TestAccuracy), 4),13}");
        }
        // An optimizer whose chosen rate diverged on some seed is named at the end; the others are kept.
        var finished = chosen.Where(c => c.Trials.All(t => t.Run.Diverged is null)).ToList();

        ctx.Result("optimizers", finished.Select(c =>
        {
            var (mean, std) = Stats.MeanStd(c.Trials.Select(t => t.TestLoss));
            return new Dictionary<string, object?>
            {
                ["name"] = c.Name,
                ["lr"] = c.Lr,
                ["lr_grid"] = Grid(c.Name),
                ["val_loss_by_lr"] = c.ValByLr,
                ["seeds"] = c.Trials.Select(t => t.Seed).ToList(),
                ["final_loss_mean"] = mean,
                ["final_loss_std"] = std,
                ["test_accuracy_mean"] = c.Trials.Average(t => t.TestAccuracy),
                ["epoch_losses"] = MeanCurve(c.Trials),
            };
        }));

        var plot = Figures.Create($"Each optimizer at its best lr, mean of {Seeds} seeds", "Epoch", "Mean training loss (cross entropy, log scale)");
        plot.UseLogY();
        foreach (var (name, lr, _, trials) in finished)
        {
            double[] curve = MeanCurve(trials);
            if (curve.Length == 0 || curve.Any(v => !double.IsFinite(v) || v <= 0)) continue;
            plot.LineLogY(Enumerable.Range(1, curve.Length).Select(e => (double)e).ToArray(), curve, $"{name} (lr {PyFormat.Repr(lr)})");
        }
        ctx.Save(plot, "optimizer-loss.png");
        TrainingLoop.ThrowIfAnyDiverged(chosen.SelectMany(c => c.Trials.Select(t => ($"{c.Name} lr {PyFormat.Repr(c.Lr)} seed {t.Seed}", t.Run))));

        ctx.Note("");
        ctx.Note($"Each optimizer's rate is the one of its grid with the lowest mean validation loss over {Seeds} seed(s); the table shows the held-out " +
                 "test points (50 of 300, never used for training or choosing).");
        var ranked = finished.Select(c => (c.Name, Stats: Stats.MeanStd(c.Trials.Select(t => t.TestLoss)))).OrderBy(c => c.Stats.Mean).ToList();
        if (ranked.Count > 1)
        {
            var (first, second) = (ranked[0], ranked[1]);
            bool separated = first.Stats.Mean + first.Stats.Std < second.Stats.Mean - second.Stats.Std;
            ctx.Note($"Lowest mean test loss: {first.Name} ({PyFormat.Fixed(first.Stats.Mean, 4)} ± {PyFormat.Fixed(first.Stats.Std, 4)}), then {second.Name} " +
                     $"({PyFormat.Fixed(second.Stats.Mean, 4)} ± {PyFormat.Fixed(second.Stats.Std, 4)}): " +
                     (separated ? "the two are apart by more than their spread over seeds." : "within one standard deviation of each other, so this task does not separate them."));
        }
        if (Optimizers.Contains("adam"))
            ctx.Note("Adam here uses PyTorch's default betas (0.9, 0.999); the course's adam snippet uses (0.9, 0.99).");
        ctx.Note("Choosing (the course): SGD and momentum suit simple tasks and shallow networks; Adam suits complex tasks " +
                 "and large data; AdaGrad and RMSProp suit sparse data such as text (NLP). On this small task, tuned fairly, the table above is what the data says.");
    }

    private Trial Train(LessonContext ctx, string name, double lr, long seed)
    {
        // Per seed: the data, its split, the initial weights and the shuffles; per rate only the optimizer differs.
        torch.manual_seed(seed);
        var (points, labels) = Blobs();
        var order = torch.randperm(300);
        Tensor Take(long start, long count) => points.index_select(0, order.narrow(0, start, count)).to(ctx.Device);
        Tensor Labels(long start, long count) => labels.index_select(0, order.narrow(0, start, count)).to(ctx.Device);
        var model = nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 3)).to(ctx.Device);
        var optimizer = OptimizerZoo.CreateForTraining(name, model.parameters(), lr);
        var criterion = nn.CrossEntropyLoss();
        var run = TrainingLoop.Fit(ctx, model.call, criterion.call, optimizer, Take(0, 200), Labels(0, 200), Epochs, BatchSize);
        (optimizer as IDisposable)?.Dispose(); // the flat buffers; the model's parameters are views that keep them alive
        if (run.Diverged is not null) return new Trial(lr, seed, run, double.PositiveInfinity, double.PositiveInfinity, double.NaN);
        using (torch.no_grad())
        {
            var val = criterion.call(model.call(Take(200, 50)), Labels(200, 50)).item<float>();
            var testOut = model.call(Take(250, 50));
            var test = criterion.call(testOut, Labels(250, 50)).item<float>();
            double accuracy = (testOut.argmax(1) == Labels(250, 50)).to_type(ScalarType.Float64).mean().item<double>();
            return new Trial(lr, seed, run, double.IsFinite(val) ? val : double.PositiveInfinity, test, accuracy);
        }
    }

    private static double[] MeanCurve(List<Trial> trials)
    {
        int epochs = trials.Min(t => t.Run.EpochLosses.Count);
        return Enumerable.Range(0, epochs).Select(e => trials.Average(t => t.Run.EpochLosses[e])).ToArray();
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
