using Chapter4.Claims;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Language;
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
            new("optimizer-loss.png", Texts.Get(typeof(OptimizerCompareLesson), "caption.loss")),
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

    [Knob("alpha", "RMSProp's alpha (the course's 0.9; PyTorch's default is 0.99)", Min = 0, Max = 1)]
    public double Alpha { get; set; } = OptimizerSettings.Course.RmsPropAlpha;

    [Knob("beta1", "Adam's beta1 (the course's 0.9)", Min = 0, Below = 1)]
    public double Beta1 { get; set; } = OptimizerSettings.Course.AdamBeta1;

    [Knob("beta2", "Adam's beta2 (the course's 0.99; PyTorch's default is 0.999)", Min = 0, Below = 1)]
    public double Beta2 { get; set; } = OptimizerSettings.Course.AdamBeta2;

    private OptimizerSettings Settings => new(Alpha, Beta1, Beta2);

    /// <summary>Each optimizer's grid: a decade around its usual rate (the adaptive methods normalise the step).</summary>
    public static double[] GridFor(string optimizer) => optimizer switch
    {
        "rmsprop" or "adam" => [0.001, 0.003, 0.01, 0.03],
        "momentum" => [0.003, 0.01, 0.03, 0.1],
        _ => [0.01, 0.03, 0.1, 0.3],
    };

    /// <summary>
    /// When the best rate is at an edge of the grid, the grid grows past that edge by its next value (the grids run
    /// 1, 3, 10, 30, …: ×3 and ×10/3 in turn, half a decade each), at most this many times, within [<see cref="MinRate"/>,
    /// <see cref="MaxRate"/>], until the best is inside.
    /// </summary>
    public const int MaxExtensions = 3;

    public const double MinRate = 1e-5;

    public const double MaxRate = 10;

    /// <summary>The grid's next value past its top (up) or bottom: 0.3 → 1 → 3, 0.001 → 0.0003 → 0.0001.</summary>
    public static double Beyond(double edge, bool up)
    {
        double decade = Math.Pow(10, Math.Floor(Math.Log10(edge) + 1e-9));
        bool one = edge / decade < 2; // a 1·10^n value (else 3·10^n)
        double next = up ? (one ? 3 * decade : 10 * decade) : (one ? 0.3 * decade : decade);
        return double.Parse(next.ToString("G12", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>About 330 µs each here: 150,000 steps over every optimizer, rate and seed keep the lesson within a minute.</summary>
    public const long MaxSteps = 150_000;

    public override void Validate()
    {
        // The bound counts every rate that may run: the grid and, without --lr, up to MaxExtensions more per optimizer.
        int rates = Optimizers.Sum(o => Lr is null ? GridFor(o).Length + MaxExtensions : 1);
        long steps = (long)Epochs * ((200 + BatchSize - 1) / BatchSize) * Seeds * rates;
        if (steps > MaxSteps)
            throw new LessonInputException(T("refuse.steps", Epochs, BatchSize, Seeds, steps, MaxExtensions, MaxSteps));
    }

    /// <summary>One training run: its curve, and the mean cross entropy on the validation and test points.</summary>
    private sealed record Trial(double Lr, long Seed, TrainingRun Run, double ValLoss, double TestLoss, double TestAccuracy);

    /// <summary>One optimizer's choice: the grid actually run (sorted), its mean validation loss per rate, and the chosen rate's trials.</summary>
    private sealed record Choice(string Name, double Lr, double[] Grid, double[] ValByLr, int Extensions, List<Trial> Trials)
    {
        public bool Interior => Grid.Length > 2 && Lr != Grid[0] && Lr != Grid[^1];
    }

    private readonly Dictionary<string, IReadOnlyDictionary<string, double>> _built = [];

    public override void Run(LessonContext ctx)
    {
        _built.Clear();
        var chosen = Optimizers.Select(name => Choose(ctx, name)).ToList();

        ctx.Print($"{"optimizer",-10} {"lr",6} {"test loss (mean ± std)",24} {"test accuracy",13}");
        foreach (var c in chosen)
        {
            if (c.Trials.FirstOrDefault(t => t.Run.Diverged is not null) is { } bad)
            {
                ctx.Print($"{c.Name,-10} {PyFormat.Repr(c.Lr),6} diverged (seed {bad.Seed}, epoch {bad.Run.Diverged!.Epoch + 1})");
                continue;
            }
            var (mean, std) = Stats.MeanStd(c.Trials.Select(t => t.TestLoss));
            ctx.Print($"{c.Name,-10} {PyFormat.Repr(c.Lr),6} {PyFormat.Fixed(mean, 4) + " ± " + PyFormat.Fixed(std, 4),24} {PyFormat.Fixed(c.Trials.Average(t => t.TestAccuracy), 4),13}");
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
                ["lr_grid"] = c.Grid,
                ["lr_grid_initial"] = Lr is { } one ? [one] : GridFor(c.Name),
                ["grid_extensions"] = c.Extensions,
                ["lr_interior"] = c.Interior,
                ["val_loss_by_lr"] = c.ValByLr,
                ["seeds"] = c.Trials.Select(t => t.Seed).ToList(),
                ["final_loss_mean"] = mean,
                ["final_loss_std"] = std,
                ["test_accuracy_mean"] = c.Trials.Average(t => t.TestAccuracy),
                ["epoch_losses"] = MeanCurve(c.Trials),
            };
        }));
        ctx.Result("settings", _built.ToDictionary(kv => kv.Key, kv => (object?)kv.Value.ToDictionary(s => s.Key, s => (object?)s.Value)));

        var plot = Figures.Create(T("plot.title", Seeds), T("plot.x"), T("plot.y"));
        plot.UseLogY();
        foreach (var c in finished)
        {
            double[] curve = MeanCurve(c.Trials);
            if (curve.Length == 0 || curve.Any(v => !double.IsFinite(v) || v <= 0)) continue;
            plot.LineLogY(Enumerable.Range(1, curve.Length).Select(e => (double)e).ToArray(), curve, T("plot.legend", c.Name, PyFormat.Repr(c.Lr))).Color = SeriesColors.Of(c.Name);
        }
        ctx.Save(plot, "optimizer-loss.png");
        // With --lr every optimizer ran at it (the line says it once); else each at its own rate of its grid.
        Phrase Named(Choice c) => Lr is null ? new Phrase(typeof(OptimizerCompareLesson), "run.name", c.Name, PyFormat.Repr(c.Lr)) : NonFinite.Name(c.Name);
        TrainingLoop.ThrowIfAnyDiverged(chosen.SelectMany(c => c.Trials.Select(t => (Named(c), (long?)t.Seed, t.Run))));

        ctx.Note("");
        TakeAways(ctx, chosen);
    }

    /// <summary>
    /// The rate with the lowest mean validation loss (a diverged run counts as +∞; the test points decide nothing); when it
    /// is at an edge of the grid, the grid grows past that edge (<see cref="Beyond"/>) until the best is inside, at most
    /// <see cref="MaxExtensions"/> times and within [<see cref="MinRate"/>, <see cref="MaxRate"/>].
    /// </summary>
    private Choice Choose(LessonContext ctx, string name)
    {
        var grid = (Lr is { } one ? [one] : GridFor(name)).ToList();
        var trials = new List<Trial>();
        foreach (double lr in grid) trials.AddRange(Enumerable.Range(0, Seeds).Select(s => Train(ctx, name, lr, ctx.Seed + s)));
        int extensions = 0;
        while (true)
        {
            double[] valByLr = grid.Select(lr => trials.Where(t => t.Lr == lr).Average(t => t.ValLoss)).ToArray();
            int best = Array.IndexOf(valByLr, valByLr.Min());
            bool edge = grid.Count > 1 && (best == 0 || best == grid.Count - 1);
            double next = edge ? Beyond(best == 0 ? grid[0] : grid[^1], up: best != 0) : double.NaN;
            if (!edge || extensions == MaxExtensions || next < MinRate || next > MaxRate)
                return new Choice(name, grid[best], [.. grid], valByLr, extensions, trials.Where(t => t.Lr == grid[best]).ToList());
            trials.AddRange(Enumerable.Range(0, Seeds).Select(s => Train(ctx, name, next, ctx.Seed + s)));
            if (best == 0) grid.Insert(0, next); else grid.Add(next);
            extensions++;
        }
    }


    private static string F4(double v) => PyFormat.Fixed(v, 4);

    /// <summary>Each sentence a claim computed from the choices and the held-out losses.</summary>
    private void TakeAways(LessonContext ctx, List<Choice> chosen)
    {
        ctx.Fact("how-chosen", [("seeds", Seeds), ("max extensions", MaxExtensions), ("min rate", MinRate), ("max rate", MaxRate)], Seeds);
        foreach (var c in chosen)
        {
            // The grid's rates by their mean validation loss, lowest first: the first is the chosen rate.
            var byLoss = Claim.Rank(c.Grid.Zip(c.ValByLr, (lr, v) => ($"lr {PyFormat.Repr(lr)}", v)))
                .Quoting([("lr", c.Lr), ("extensions", c.Extensions), .. c.Grid.Select((lr, i) => ($"grid[{i}]", lr))]);
            string grid = string.Join(", ", c.Grid.Select(PyFormat.Repr));
            double bestVal = c.ValByLr[Array.IndexOf(c.Grid, c.Lr)];
            if (Lr is not null) ctx.Say(byLoss, "rate-given", c.Name, PyFormat.Repr(c.Lr), F4(bestVal));
            else if (c.Interior && c.Extensions == 0) ctx.Say(byLoss, "rate-interior", c.Name, PyFormat.Repr(c.Lr), grid, F4(bestVal));
            else if (c.Interior) ctx.Say(byLoss, "rate-interior-extended", c.Name, PyFormat.Repr(c.Lr), grid, c.Extensions, F4(bestVal));
            else ctx.Say(byLoss, "rate-edge", c.Name, PyFormat.Repr(c.Lr), T(c.Lr == c.Grid[0] ? "edge-bottom" : "edge-top"), c.Extensions, grid, F4(bestVal));
        }
        var finished = chosen.Where(c => c.Trials.All(t => t.Run.Diverged is null)).ToList();
        var ranked = finished.Select(c => (c.Name, Stats: Stats.MeanStd(c.Trials.Select(t => t.TestLoss)))).OrderBy(c => c.Stats.Mean).ToList();
        if (ranked.Count > 1)
        {
            var (first, second) = (ranked[0], ranked[1]);
            // Apart when the gap between the means is larger than the two standard deviations together (the ±1 std intervals do not overlap).
            var gap = Claim.Compare("gap of the mean test losses", second.Stats.Mean - first.Stats.Mean, "sum of their standard deviations", first.Stats.Std + second.Stats.Std)
                .Quoting(("first mean", first.Stats.Mean), ("first std", first.Stats.Std), ("second mean", second.Stats.Mean), ("second std", second.Stats.Std));
            // One seed measures no spread (both standard deviations are 0): the gap is then said, not judged.
            ctx.Say(gap, Seeds == 1 ? "leaders-one-seed" : gap.Relation == ">" ? "leaders-apart" : "leaders-close", first.Name, F4(first.Stats.Mean), F4(first.Stats.Std), second.Name,
                F4(second.Stats.Mean), F4(second.Stats.Std), F4(second.Stats.Mean - first.Stats.Mean), F4(first.Stats.Std + second.Stats.Std));
        }
        if (Optimizers.Any(o => o is "rmsprop" or "adam")) CourseOptimizerSettings.Say(ctx, _built);
        ctx.Fact(Lr is not null ? "course-choice-shared" : chosen.All(c => c.Interior) ? "course-choice-tuned" : "course-choice-edge");
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
        var optimizer = OptimizerZoo.CreateForTraining(name, model.parameters(), lr, Settings);
        if (OptimizerZoo.SettingsOf(optimizer) is { Count: > 0 } built) _built[name] = built;
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
