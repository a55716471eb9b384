using Chapter4.Harness;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.optim.lr_scheduler;

namespace Chapter4.Lessons;

/// <summary>
/// 如何选择学习率衰减方法: the course's three schedules and four more that TorchSharp has, each
/// driving the same seeded training run, so their curves and their effect can be compared.
/// </summary>
public sealed class LrCompareLesson : Lesson
{
    public override string Id => "lr-compare";
    public override CourseSection Section => Course.ChooseLr;
    public override string Description => "7 schedules (course's 3 + cosine, warm-up, one-cycle, plateau) on one seeded MLP regression run";
    public override IReadOnlyList<string> Plots => ["lr-compare.png", "lr-compare-loss.png"];

    [Knob("lr", "initial (for one-cycle: peak) learning rate", Above = 0)]
    public double Lr { get; set; } = 0.05;

    [Knob("epochs", "epochs of the training run; schedule lengths scale with it", Min = 8, Max = 1_500)]
    public int Epochs { get; set; } = 60;

    /// <summary>Each schedule as (label, factory, steps on the epoch's loss); lengths scale with the epochs.</summary>
    private IEnumerable<(string Label, Func<optim.Optimizer, LRScheduler> Create, bool OnPlateau)> Schedules()
    {
        int quarter = Epochs / 4, half = Epochs / 2, late = Epochs * 4 / 5, warmup = Math.Max(1, Epochs / 10);
        yield return ($"StepLR(step_size={quarter}, gamma=0.5)", o => StepLR(o, quarter, 0.5), false);
        yield return ($"MultiStepLR([{quarter}, {half}, {late}], gamma=0.5)", o => MultiStepLR(o, [quarter, half, late], 0.5), false);
        yield return ("ExponentialLR(gamma=0.95)", o => ExponentialLR(o, gamma: 0.95), false);
        yield return ($"CosineAnnealingLR(T_max={Epochs})", o => CosineAnnealingLR(o, T_max: Epochs), false);
        yield return ($"LinearLR warm-up(0.1 -> 1, {warmup} epochs)", o => LinearLR(o, start_factor: 0.1, end_factor: 1.0, total_iters: warmup), false);
        yield return ($"OneCycleLR(max_lr={PyFormat.Repr(Lr)}, total_steps={Epochs})", o => OneCycleLR(o, max_lr: Lr, total_steps: Epochs), false);
        yield return ("ReduceLROnPlateau(factor=0.5, patience=3)", o => ReduceLROnPlateau(o, factor: 0.5, patience: 3), true);
    }

    public override void Run(LessonContext ctx)
    {
        var runs = new List<(string Label, TrainingRun Run)>();
        foreach (var (label, create, onPlateau) in Schedules())
        {
            // Every schedule starts from the same seed: same data, same initial weights, same shuffles.
            torch.manual_seed(ctx.Seed);
            var (inputs, targets) = RegressionData();
            var model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 1)).to(ctx.Device);
            var optimizer = torch.optim.SGD(model.parameters(), Lr, momentum: 0.9);
            var scheduler = create(optimizer);
            var criterion = nn.MSELoss();
            var run = Training.Fit(ctx, model.call, criterion.call, optimizer, inputs.to(ctx.Device), targets.to(ctx.Device), Epochs, batchSize: 25,
                afterEpoch: (_, loss) => { if (onPlateau) scheduler.step(loss); else scheduler.step(); });
            runs.Add((label, run));
        }
        // A run that diverged is named in the table and reported at the end; the others are kept.
        var finished = runs.Where(r => r.Run.Diverged is null).ToList();

        ctx.Print($"{"schedule",-44} {"first lr",10} {"last lr",10} {"final loss",11}");
        foreach (var (label, run) in runs)
            ctx.Print(run.Diverged is { } d
                ? $"{label,-44} diverged at epoch {d.Epoch + 1}"
                : $"{label,-44} {PyFormat.Fixed(run.EpochLearningRates[0], 6),10} {PyFormat.Fixed(run.EpochLearningRates[^1], 6),10} {PyFormat.Fixed(run.EpochLosses[^1], 6),11}");

        ctx.Result("schedules", finished.Select(r => new Dictionary<string, object?>
        {
            ["name"] = r.Label,
            ["lrs"] = r.Run.EpochLearningRates,
            ["losses"] = r.Run.EpochLosses,
            ["final_loss"] = r.Run.EpochLosses[^1],
        }));

        double[] epochs = Enumerable.Range(0, Epochs).Select(e => (double)e).ToArray();
        var lrPlot = Plotting.Create("Learning-rate schedules", "Epoch", "Learning rate");
        var lossPlot = Plotting.Create("The same training run under each schedule", "Epoch", "Mean training loss (MSE, log scale)");
        lossPlot.UseLogY();
        foreach (var (label, run) in finished)
        {
            var lrLine = lrPlot.Line(epochs, run.EpochLearningRates.ToArray(), label);
            // StepLR's and MultiStepLR's first steps coincide: dashes keep both visible.
            if (label.StartsWith("MultiStepLR", StringComparison.Ordinal)) lrLine.LinePattern = ScottPlot.LinePattern.Dashed;
            lossPlot.LineLogY(epochs, run.EpochLosses.ToArray(), label);
        }
        ctx.Save(lrPlot, "lr-compare.png");
        ctx.Save(lossPlot, "lr-compare-loss.png");
        Training.ThrowIfAnyDiverged(runs);

        ctx.Note("");
        if (finished.Count > 1)
        {
            // The course's advice beside what this run says (one seed, training loss).
            var ranked = finished.OrderBy(r => r.Run.EpochLosses[^1]).Select(r => r.Label.Split('(')[0]).ToList();
            int exponential = ranked.IndexOf("ExponentialLR") + 1;
            ctx.Note($"This run (seed {ctx.Seed}, final training loss, lowest first): {string.Join(", ", ranked)}." +
                     (exponential > 0 ? $" ExponentialLR, the course's first choice, ranks {exponential} of {ranked.Count}." : "") +
                     " One seed and the training loss only: try other --seed values before drawing a conclusion.");
        }
        ctx.Note("Choosing (the course): prefer exponential decay; pick milestones (MultiStepLR) when experience says where; " +
                 "StepLR for simple models. Beyond the course: cosine annealing decays smoothly to 0, a linear warm-up " +
                 "avoids early instability, one-cycle warms up then anneals, and ReduceLROnPlateau halves the rate when the loss stalls.");
    }

    /// <summary>200 seeded samples of y = sin(x0) + 0.5·x1² − x2 + noise.</summary>
    private static (Tensor Inputs, Tensor Targets) RegressionData()
    {
        var x = torch.randn(200, 3);
        var y = torch.sin(x[.., 0]) + 0.5 * x[.., 1].pow(2) - x[.., 2] + 0.1 * torch.randn(200);
        return (x, y.unsqueeze(1));
    }
}
