using Chapter4.Claims;
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
/// 如何选择学习率衰减方法, judged fairly: a constant rate (the baseline), the course's three schedules and four
/// more that TorchSharp has, each training the same MLP over several seeds, judged by the loss on held-out
/// validation points (mean ± std). One-cycle and the warm-up are stepped per batch, as PyTorch intends;
/// ReduceLROnPlateau watches the validation loss. Every schedule's length follows --epochs (<see cref="Gamma"/>).
/// </summary>
public sealed class LrCompareLesson : Lesson
{
    public override string Id => "lr-compare";
    public override CourseSection Section => CourseOutline.ChooseLr;
    public override string Description => "a constant rate and 7 schedules (course's 3 + cosine, warm-up, one-cycle, plateau) on one MLP regression: validation loss, mean ± std over 3 seeds, each against the constant rate";
    public override IReadOnlyList<LessonPlot> Plots =>
        [
            new("lr-compare.png", T("caption.rates")),
            new("lr-compare-loss.png", T("caption.loss")),
        ];


    [Knob("lr", "initial (for one-cycle: peak) learning rate", Above = 0)]
    public double Lr { get; set; } = 0.05;

    [Knob("epochs", "epochs of each training run; schedule lengths scale with it (8 runs × --seeds × epochs × 6 steps ≤ 150,000: at most 1,041 at the default 3 seeds)", Min = 8, Max = 1_500)]
    public int Epochs { get; set; } = 60;

    [Knob("seeds", "how many seeds (data, split, initial weights, shuffles), from --seed on", Min = 1, Max = 10)]
    public int Seeds { get; set; } = 3;

    private const int BatchSize = 25, TrainCount = 150;
    private const int StepsPerEpoch = (TrainCount + BatchSize - 1) / BatchSize;

    /// <summary>About 390 µs each here: 150,000 steps over every schedule and seed keep the lesson within a minute.</summary>
    public const long MaxSteps = 150_000;

    public override void Validate()
    {
        long steps = (long)Runs * Seeds * Epochs * StepsPerEpoch;
        if (steps > MaxSteps)
            throw new LessonInputException(T("refuse.steps", Epochs, Seeds, steps, Runs, MaxSteps));
    }

    /// <summary>The constant rate and the seven schedules.</summary>
    private const int Runs = 8;

    /// <summary>The run length ExponentialLR's γ = 0.95 was chosen for: the course's 0.95 at 60 epochs.</summary>
    public const int ReferenceEpochs = 60;

    /// <summary>
    /// ExponentialLR's γ for a run of <paramref name="epochs"/>: the rate falls by the same total factor, 0.95^60 ≈ 0.046,
    /// over any run (γ^epochs = 0.95^60), so γ = 0.95^(60/epochs), written with 6 significant digits (0.95 at 60 epochs,
    /// 0.857375 at 20, 0.987259 at 240); γ^epochs then stays within 0.1% of 0.95^60 up to the largest --epochs.
    /// </summary>
    public static double Gamma(int epochs) =>
        double.Parse(Math.Pow(0.95, (double)ReferenceEpochs / epochs).ToString("G6", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The label of the constant-rate baseline (its colour: SeriesColors' "constant").</summary>
    public const string ConstantLabel = "constant lr (no scheduler)";

    /// <summary>Each schedule: its label, factory, whether it steps per batch, whether it steps on the validation loss.</summary>
    private IEnumerable<(string Label, Func<optim.Optimizer, LRScheduler?> Create, bool PerBatch, bool OnPlateau)> Schedules()
    {
        int quarter = Epochs / 4, half = Epochs / 2, late = Epochs * 4 / 5, warmup = Math.Max(1, Epochs / 10) * StepsPerEpoch, total = Epochs * StepsPerEpoch;
        double gamma = Gamma(Epochs);
        yield return (ConstantLabel, _ => null, false, false);
        yield return ($"StepLR(step_size={quarter}, gamma=0.5)", o => StepLR(o, quarter, 0.5), false, false);
        yield return ($"MultiStepLR([{quarter}, {half}, {late}], gamma=0.5)", o => MultiStepLR(o, [quarter, half, late], 0.5), false, false);
        yield return ($"ExponentialLR(gamma={PyFormat.Repr(gamma)})", o => ExponentialLR(o, gamma: gamma), false, false);
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
                        if (onPlateau) scheduler!.step(v);
                        else if (!perBatch) scheduler?.step();
                    },
                    afterStep: perBatch ? () => scheduler!.step() : null);
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
        var constant = finished.FirstOrDefault(r => r.Label == ConstantLabel);
        double[] MeanCurve(List<Trial> trials) => epochs.Select(e => trials.Average(t => t.ValLosses[(int)e])).ToArray();
        var lrPlot = Figures.Create(T("plot.rates.title", ctx.Seed), T("plot.x"), T("plot.rates.y"));
        foreach (var (label, trials) in finished)
        {
            // A rate held for whole epochs and then cut (steps, milestones, plateau halvings, the constant) is drawn as stairs.
            bool stairs = label == ConstantLabel || label.StartsWith("StepLR", StringComparison.Ordinal) || label.StartsWith("MultiStepLR", StringComparison.Ordinal) || label.StartsWith("ReduceLROnPlateau", StringComparison.Ordinal);
            var lrLine = stairs ? lrPlot.StepLine(epochs, trials[0].Run.EpochLearningRates.ToArray(), label) : lrPlot.Line(epochs, trials[0].Run.EpochLearningRates.ToArray(), label);
            Style(lrLine, label);
        }
        ctx.Save(lrPlot, "lr-compare.png");
        SaveLossPlot(ctx, finished, constant, epochs, MeanCurve);
        // Named short (StepLR, not its settings) and grouped by the lesson: one line however many runs diverged.
        TrainingLoop.ThrowIfAnyDiverged(results.SelectMany(r => r.Trials.Select(t => (ShortName(r.Label), (long?)t.Seed, t.Run))));

        ctx.Note("");
        ctx.Fact("lengths", [("epochs", Epochs), ("gamma", Gamma(Epochs)), ("StepLR step", Epochs / 4), ("milestone 1", Epochs / 4), ("milestone 2", Epochs / 2), ("milestone 3", Epochs * 4 / 5), ("warm-up epochs", Math.Max(1, Epochs / 10))],
            I(Epochs), I(Epochs / 4), I(Epochs / 2), I(Epochs * 4 / 5), I(Math.Max(1, Epochs / 10)), PyFormat.Repr(Gamma(Epochs)));
        TakeAways(ctx, finished);
        ctx.Fact("choosing");
    }

    /// <summary>A schedule's line looks the same in both plots: its colour, and dashes for MultiStepLR (its first drop coincides with StepLR's).</summary>
    private static void Style(ScottPlot.Plottables.Scatter line, string label)
    {
        if (label.StartsWith("MultiStepLR", StringComparison.Ordinal)) line.LinePattern = ScottPlot.LinePattern.Dashed;
        if (label == ConstantLabel)
        {
            // Wide and drawn first: the warm-up and the schedules that start at the same rate run on top of it, inside a grey band.
            line.Color = SeriesColors.Of("constant");
            line.LineWidth = 6;
        }
    }

    /// <summary>
    /// The validation losses of the schedules differ by a few percent late in the run, far less than their fall from the
    /// start: on one log axis they lie on top of each other. So each schedule is drawn as its loss minus the constant rate's
    /// (mean over the seeds), from the first decay (epoch E/4) to the end: below 0 it is ahead of the baseline.
    /// </summary>
    private void SaveLossPlot(LessonContext ctx, List<(string Label, List<Trial> Trials)> finished, (string Label, List<Trial> Trials) constant,
        double[] epochs, Func<List<Trial>, double[]> meanCurve)
    {
        if (constant.Trials is null) return;
        int from = Epochs / 4;
        double[] baseline = meanCurve(constant.Trials);
        double[] shownEpochs = epochs[from..];
        var plot = Figures.Create(T("plot.loss.title", Seeds, from), T("plot.x"), T("plot.loss.y"));
        foreach (var (label, trials) in finished)
        {
            double[] curve = meanCurve(trials);
            Style(plot.Line(shownEpochs, shownEpochs.Select(e => curve[(int)e] - baseline[(int)e]).ToArray(), label), label);
        }
        ctx.Save(plot, "lr-compare-loss.png");
    }

    /// <summary>The ranking, each schedule against the constant rate, and whether any decay beat it.</summary>
    private void TakeAways(LessonContext ctx, List<(string Label, List<Trial> Trials)> finished)
    {
        var stats = finished.Select(r => (r.Label, Name: r.Label.Split('(')[0].Trim(), Stats: Stats.MeanStd(r.Trials.Select(t => t.ValLosses[^1])))).ToList();
        if (stats.Count > 1)
        {
            var rank = Claim.Rank(stats.Select(s => (s.Name, s.Stats.Mean))).Quoting(("seeds", Seeds));
            // The claim keeps the schedules' names as the --json has them; the sentence says "constant lr" in the UI language.
            ctx.Say(rank, "ranking", I(Seeds), JoinList(rank.Names.Zip(rank.Scores, (n, v) => $"{(n == "constant lr" ? T("run.constant") : n)} {PyFormat.Fixed(v, 4)}")));
            int exponential = Array.FindIndex(rank.Names, n => n == "ExponentialLR") + 1;
            if (exponential > 0)
                ctx.Say(rank.Quoting(("ExponentialLR's place", exponential), ("schedules", rank.Names.Length)), "exponential-rank", I(exponential), I(rank.Names.Length));
        }
        var baseline = stats.FirstOrDefault(s => s.Label == ConstantLabel);
        if (baseline.Label is null) return;
        ctx.Say(Claim.Fact().Quoting(("seeds", Seeds)), Seeds > 1 ? "tolerance" : "tolerance.one-seed", I(Seeds));
        var verdicts = new List<(string Name, ComparisonClaim Claim, bool Decay)>();
        foreach (var s in stats.Where(s => s.Label != ConstantLabel))
        {
            // Apart only when the means differ by more than the two standard deviations over seeds added.
            double tolerance = s.Stats.Std + baseline.Stats.Std;
            var claim = Claim.Compare(s.Name, s.Stats.Mean, "constant lr", baseline.Stats.Mean, tolerance).Quoting(("std", s.Stats.Std), ("constant std", baseline.Stats.Std));
            // With one seed there is no spread: the sentence gives the two losses without ± and without a margin.
            string key = claim.Relation switch { "<" => "vs.lower", ">" => "vs.higher", _ => "vs.within" } + (Seeds == 1 ? ".one-seed" : "");
            var (mean, constantMean) = Apart(s.Stats.Mean, baseline.Stats.Mean);
            ctx.Say(claim, key, s.Name, mean, F(s.Stats.Std), constantMean, F(baseline.Stats.Std), F(tolerance));
            verdicts.Add((s.Name, claim, !s.Name.StartsWith("LinearLR", StringComparison.Ordinal)));
        }
        var decays = verdicts.Where(v => v.Decay).ToList();
        if (decays.Count == 0) return;
        var best = decays.MinBy(v => v.Claim.LeftValue);
        int ahead = decays.Count(v => v.Claim.Relation == "<");
        var summary = best.Claim.Quoting(("decays ahead", ahead), ("decays", decays.Count));
        string summaryKey = best.Claim.Relation switch { "<" => "decay.ahead", ">" => "decay.behind", _ => "decay.within" } + (Seeds == 1 ? ".one-seed" : "");
        var (bestMean, baselineMean) = Apart(best.Claim.LeftValue, best.Claim.RightValue);
        ctx.Say(summary, summaryKey, I(ahead), I(decays.Count), best.Name, bestMean, baselineMean, F(best.Claim.Tolerance));
    }

    private static string F(double v) => PyFormat.Fixed(v, 4);

    /// <summary>A schedule's name in the divergence line: the constant rate in words, a scheduler by its class ("StepLR").</summary>
    private static Phrase ShortName(string label) =>
        label == ConstantLabel ? new Phrase(typeof(LrCompareLesson), "run.constant") : NonFinite.Name(label.Split('(')[0].Trim());

    /// <summary>Two losses with 4 decimals, or more (up to 9) until they read differently when they differ.</summary>
    private static (string A, string B) Apart(double a, double b)
    {
        for (int decimals = 4; decimals < 9; decimals++)
            if (a == b || PyFormat.Fixed(a, decimals) != PyFormat.Fixed(b, decimals)) return (PyFormat.Fixed(a, decimals), PyFormat.Fixed(b, decimals));
        return (PyFormat.Fixed(a, 9), PyFormat.Fixed(b, 9));
    }

    private static string I(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>200 seeded samples of y = sin(x0) + 0.5·x1² − x2 + noise.</summary>
    private static (Tensor Inputs, Tensor Targets) RegressionData()
    {
        var x = torch.randn(200, 3);
        var y = torch.sin(x[.., 0]) + 0.5 * x[.., 1].pow(2) - x[.., 2] + 0.1 * torch.randn(200);
        return (x, y.unsqueeze(1));
    }
}
