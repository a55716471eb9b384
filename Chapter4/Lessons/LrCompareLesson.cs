using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Plotting;
using Chapter4.Printing;
using Chapter4.Training;
using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.optim.lr_scheduler;

namespace Chapter4.Lessons;

/// <summary>
/// 如何选择学习率衰减方法, judged fairly: the course's three schedules and four more that TorchSharp
/// has, each training the same MLP over several seeds, judged by the loss on held-out validation
/// points (mean ± std). One-cycle and the warm-up are stepped per batch, as PyTorch intends;
/// ReduceLROnPlateau watches the validation loss.
/// </summary>
public sealed class LrCompareLesson : Lesson
{
    public override string Id => "lr-compare";
    public override CourseSection Section => CourseOutline.ChooseLr;
    public override string Description => "7 schedules (course's 3 + cosine, warm-up, one-cycle, plateau) on one MLP regression: validation loss, mean ± std over 3 seeds";
    public override IReadOnlyList<LessonPlot> Plots =>
        [
            new("lr-compare.png", "Seven schedules on one chart: steps, exponential and cosine decay, a linear warm-up, one-cycle's rise and fall, and plateau halvings driven by the loss."),
            new("lr-compare-loss.png", "Mean validation loss over 3 seeds under each schedule (log scale): at the defaults ReduceLROnPlateau ends lowest and ExponentialLR fourth of seven, most of them within one standard deviation of each other."),
        ];

    [Knob("lr", "initial (for one-cycle: peak) learning rate", Above = 0)]
    public double Lr { get; set; } = 0.05;

    [Knob("epochs", "epochs of each training run; schedule lengths scale with it (7 schedules × --seeds × epochs × 6 steps ≤ 150,000: at most 1,190 at the default 3 seeds)", Min = 8, Max = 1_500)]
    public int Epochs { get; set; } = 60;

    [Knob("seeds", "how many seeds (data, split, initial weights, shuffles), from --seed on", Min = 1, Max = 10)]
    public int Seeds { get; set; } = 3;

    private const int BatchSize = 25, TrainCount = 150;
    private const int StepsPerEpoch = (TrainCount + BatchSize - 1) / BatchSize;

    /// <summary>About 390 µs each here: 150,000 steps over every schedule and seed keep the lesson within a minute.</summary>
    public const long MaxSteps = 150_000;

    public override void Validate()
    {
        long steps = 7L * Seeds * Epochs * StepsPerEpoch;
        if (steps > MaxSteps)
            throw new LessonInputException($"--epochs {Epochs} with --seeds {Seeds} is {steps} steps over 7 schedules; at most {MaxSteps} keep this lesson within about a minute");
    }

    /// <summary>Each schedule: its label, factory, whether it steps per batch, whether it steps on the validation loss.</summary>
    private IEnumerable<(string Label, Func<optim.Optimizer, LRScheduler> Create, bool PerBatch, bool OnPlateau)> Schedules()
    {
        int quarter = Epochs / 4, half = Epochs / 2, late = Epochs * 4 / 5, warmup = Math.Max(1, Epochs / 10) * StepsPerEpoch, total = Epochs * StepsPerEpoch;
        yield return ($"StepLR(step_size={quarter}, gamma=0.5)", o => StepLR(o, quarter, 0.5), false, false);
        yield return ($"MultiStepLR([{quarter}, {half}, {late}], gamma=0.5)", o => MultiStepLR(o, [quarter, half, late], 0.5), false, false);
        yield return ("ExponentialLR(gamma=0.95)", o => ExponentialLR(o, gamma: 0.95), false, false);
        yield return ($"CosineAnnealingLR(T_max={Epochs})", o => CosineAnnealingLR(o, T_max: Epochs), false, false);
        yield return ($"LinearLR warm-up(0.1 -> 1, {warmup} batches)", o => LinearLR(o, start_factor: 0.1, end_factor: 1.0, total_iters: warmup), true, false);
        // cycle_momentum=True (PyTorch's default): one-cycle also moves SGD's momentum 0.95 → 0.85 → 0.95.
        yield return ($"OneCycleLR(max_lr={PyFormat.Repr(Lr)}, total_steps={total}, cycle_momentum=True)",
            o => OneCycleLR(o, max_lr: Lr, total_steps: total, cycle_momentum: true, base_momentum: 0.85, max_momentum: 0.95), true, false);
        yield return ("ReduceLROnPlateau(factor=0.5, patience=3, on validation loss)", o => ReduceLROnPlateau(o, factor: 0.5, patience: 3), false, true);
    }

    private sealed record Trial(long Seed, TrainingRun Run, List<double> ValLosses);

    public override void Run(LessonContext ctx)
    {
        var results = new List<(string Label, List<Trial> Trials)>();
        foreach (var (label, create, perBatch, onPlateau) in Schedules())
        {
            var trials = new List<Trial>();
            for (int s = 0; s < Seeds; s++)
            {
                // Per seed: the data, its split (150 training, 50 validation), the initial weights and the shuffles.
                long seed = ctx.Seed + s;
                torch.manual_seed(seed);
                var (inputs, targets) = RegressionData();
                var order = torch.randperm(inputs.shape[0]);
                var train = order.narrow(0, 0, TrainCount);
                var val = order.narrow(0, TrainCount, inputs.shape[0] - TrainCount);
                var model = nn.Sequential(nn.Linear(3, 16), nn.ReLU(), nn.Linear(16, 1)).to(ctx.Device);
                var optimizer = torch.optim.SGD(model.parameters(), Lr, momentum: 0.9);
                var scheduler = create(optimizer);
                var criterion = nn.MSELoss();
                var (valInputs, valTargets) = (inputs.index_select(0, val).to(ctx.Device), targets.index_select(0, val).to(ctx.Device));
                var valLosses = new List<double>();
                var run = TrainingLoop.Fit(ctx, model.call, criterion.call, optimizer,
                    inputs.index_select(0, train).to(ctx.Device), targets.index_select(0, train).to(ctx.Device), Epochs, BatchSize,
                    afterEpoch: (_, _) =>
                    {
                        double v;
                        using (torch.no_grad()) v = criterion.call(model.call(valInputs), valTargets).item<float>();
                        valLosses.Add(v);
                        if (onPlateau) scheduler.step(v);
                        else if (!perBatch) scheduler.step();
                    },
                    afterStep: perBatch ? () => scheduler.step() : null);
                trials.Add(new Trial(seed, run, valLosses));
            }
            results.Add((label, trials));
        }
        // A schedule whose run diverged on some seed is named in the table and reported at the end; the others are kept.
        var finished = results.Where(r => r.Trials.All(t => t.Run.Diverged is null)).ToList();

        ctx.Print($"{"schedule",-70} {"first lr",9} {"last lr",9} {"validation loss (mean ± std)",30}");
        foreach (var (label, trials) in results)
        {
            if (trials.FirstOrDefault(t => t.Run.Diverged is not null) is { } bad)
            {
                ctx.Print($"{label,-70} diverged (seed {bad.Seed}, epoch {bad.Run.Diverged!.Epoch + 1})");
                continue;
            }
            var (mean, std) = Stats.MeanStd(trials.Select(t => t.ValLosses[^1]));
            var lrs = trials[0].Run.EpochLearningRates;
            ctx.Print($"{label,-70} {PyFormat.Fixed(lrs[0], 6),9} {PyFormat.Fixed(lrs[^1], 6),9} {PyFormat.Fixed(mean, 6) + " ± " + PyFormat.Fixed(std, 6),30}");
        }

        ctx.Result("schedules", finished.Select(r =>
        {
            var (mean, std) = Stats.MeanStd(r.Trials.Select(t => t.ValLosses[^1]));
            return new Dictionary<string, object?>
            {
                ["name"] = r.Label,
                ["seeds"] = r.Trials.Select(t => t.Seed).ToList(),
                ["lrs"] = r.Trials[0].Run.EpochLearningRates,
                ["val_losses"] = Enumerable.Range(0, Epochs).Select(e => r.Trials.Average(t => t.ValLosses[e])).ToList(),
                ["val_loss_mean"] = mean,
                ["val_loss_std"] = std,
                ["train_loss_mean"] = r.Trials.Average(t => t.Run.EpochLosses[^1]),
            };
        }));

        double[] epochs = Enumerable.Range(0, Epochs).Select(e => (double)e).ToArray();
        var lrPlot = Figures.Create($"Learning-rate schedules (at each epoch's start, seed {ctx.Seed})", "Epoch", "Learning rate");
        var lossPlot = Figures.Create($"Validation loss under each schedule, mean of {Seeds} seeds", "Epoch", "Validation loss (MSE, log scale)");
        lossPlot.UseLogY();
        foreach (var (label, trials) in finished)
        {
            var lrLine = lrPlot.Line(epochs, trials[0].Run.EpochLearningRates.ToArray(), label);
            // StepLR's and MultiStepLR's first steps coincide: dashes keep both visible.
            if (label.StartsWith("MultiStepLR", StringComparison.Ordinal)) lrLine.LinePattern = ScottPlot.LinePattern.Dashed;
            lossPlot.LineLogY(epochs, epochs.Select(e => trials.Average(t => t.ValLosses[(int)e])).ToArray(), label);
        }
        ctx.Save(lrPlot, "lr-compare.png");
        ctx.Save(lossPlot, "lr-compare-loss.png");
        TrainingLoop.ThrowIfAnyDiverged(results.SelectMany(r => r.Trials.Select(t => ($"{r.Label} seed {t.Seed}", t.Run))));

        ctx.Note("");
        if (finished.Count > 1)
        {
            // The course's advice beside what these runs say.
            var ranked = finished.Select(r => (Name: r.Label.Split('(')[0], Stats: Stats.MeanStd(r.Trials.Select(t => t.ValLosses[^1])))).OrderBy(r => r.Stats.Mean).ToList();
            int exponential = ranked.FindIndex(r => r.Name == "ExponentialLR") + 1;
            ctx.Note($"Validation loss over {Seeds} seed(s), lowest first: {string.Join(", ", ranked.Select(r => $"{r.Name} {PyFormat.Fixed(r.Stats.Mean, 4)}"))}." +
                     (exponential > 0 ? $" ExponentialLR, the course's first choice, ranks {exponential} of {ranked.Count}." : ""));
            var (first, second) = (ranked[0], ranked[1]);
            ctx.Note(first.Stats.Mean + first.Stats.Std < second.Stats.Mean - second.Stats.Std
                ? $"{first.Name} is ahead of {second.Name} by more than their spread over seeds."
                : $"{first.Name} and {second.Name} are within one standard deviation of each other: these runs do not separate them.");
        }
        ctx.Note("Choosing (the course): prefer exponential decay; pick milestones (MultiStepLR) when experience says where; " +
                 "StepLR for simple models. Beyond the course: cosine annealing decays smoothly to 0, a linear warm-up " +
                 "avoids early instability, one-cycle warms up then anneals (and cycles momentum), and ReduceLROnPlateau halves the rate when the validation loss stalls.");
    }

    /// <summary>200 seeded samples of y = sin(x0) + 0.5·x1² − x2 + noise.</summary>
    private static (Tensor Inputs, Tensor Targets) RegressionData()
    {
        var x = torch.randn(200, 3);
        var y = torch.sin(x[.., 0]) + 0.5 * x[.., 1].pow(2) - x[.., 2] + 0.1 * torch.randn(200);
        return (x, y.unsqueeze(1));
    }
}
