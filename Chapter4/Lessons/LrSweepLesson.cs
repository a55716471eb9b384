using Chapter4.Claims;
using Chapter4.Course;
using Chapter4.Harness;
using Chapter4.Language;
using Chapter4.Plotting;
using Chapter4.Printing;
using TorchSharp;
using static TorchSharp.torch;

namespace Chapter4.Lessons;

/// <summary>
/// 为什么进行学习率优化: the script of 4.2–4.4 (SGD on loss = (w·x − y_true)², w = 1, x = 1, y_true = 0, so
/// loss = w² with curvature h = 2) run at several learning rates, once plainly (μ = 0) and once with momentum.
/// Each run is judged by a stated rule on its losses and on w's sign changes (<see cref="Verdict"/>), beside what
/// the formula for gradient descent on a quadratic predicts (<see cref="Predicted"/>).
/// </summary>
public sealed class LrSweepLesson : Lesson
{
    public override string Id => "lr-sweep";
    public override CourseSection Section => CourseOutline.WhyDecay;
    public override string Description => "SGD on loss = w² at 7 learning rates, plain (μ = 0) and with momentum (μ = 0.9): converging, oscillating or diverging by a rule on the loss and w's sign changes, beside the formula's boundaries";

    public override IReadOnlyList<LessonPlot> Plots => Momentum > 0
        ? [new("lr-sweep.png", T("caption.plain")), new("lr-sweep-momentum.png", T("caption.momentum"))]
        : [new("lr-sweep.png", T("caption.plain"))];

    [Knob("lrs", "the learning rates to try", Above = 0, MaxCount = 20)]
    public double[] Lrs { get; set; } = [0.0001, 0.001, 0.01, 0.1, 0.5, 1.0, 2.5];

    [Knob("steps", "optimizer steps per learning rate", Min = 2, Max = 100_000)]
    public int Steps { get; set; } = 200;

    [Knob("momentum", "μ of the second sweep (the course's lr scripts use 0.9); the first sweep is always plain SGD, μ = 0, and 0 runs that one only", Min = 0, Below = 1)]
    public double Momentum { get; set; } = 0.9;

    /// <summary>∂²loss/∂w² of loss = (w·x − y)² at x = 1.</summary>
    public const double Curvature = 2;

    /// <summary>About 100 µs a step here: 400,000 keep the lesson within a minute.</summary>
    public const long MaxSteps = 400_000;

    /// <summary>The momenta swept: plain SGD, then --momentum unless it is 0.</summary>
    public IReadOnlyList<double> Momenta => Momentum > 0 ? [0, Momentum] : [0];

    public override void Validate()
    {
        long steps = (long)Lrs.Length * Momenta.Count * Steps;
        if (steps > MaxSteps)
            throw new LessonInputException(T("refuse.steps", Lrs.Length, Momenta.Count, Steps, steps, MaxSteps));
    }


    /// <summary>
    /// The rule, from the losses L_0 … L_(T−1) (L_t before step t + 1) and w_0 … w_T, in this order:
    /// diverging if a loss stops being a number or the last loss is above the first; if the last loss equals the first:
    /// oscillating-forever when the loss never changed and w zig-zags (≥ 3 sign changes), not-moving when w never
    /// changed, constant-loss when the loss never changed otherwise, not-converging when it moved and came back;
    /// if it ends below: oscillating-converging when w zig-zags, slow when the last loss is above 1% of the first,
    /// converging otherwise.
    /// </summary>
    public static string Verdict(IReadOnlyList<double> losses, IReadOnlyList<double> ws)
    {
        if (losses.Any(l => !double.IsFinite(l)) || losses[^1] > losses[0]) return "diverging";
        bool zigZag = TrendRule.SignChanges(ws, 0) >= TrendRule.ZigZagSignChanges;
        if (losses[^1] == losses[0])
        {
            if (TrendRule.Direction(losses, 0) != TrendDirection.Constant) return "not-converging";
            if (zigZag) return "oscillating-forever";
            return ws.All(w => w == ws[0]) ? "not-moving" : "constant-loss";
        }
        if (zigZag) return "oscillating-converging";
        return losses[^1] > 0.01 * losses[0] ? "slow" : "converging";
    }

    /// <summary>
    /// What the formula says for gradient descent with momentum μ on a quadratic of curvature h, with a = lr·h:
    /// w_(t+1) = (1 + μ − a)·w_t − μ·w_(t−1), roots of r² − (1 + μ − a)·r + μ. Stable iff 0 &lt; a &lt; 2(1 + μ);
    /// w changes sign for ever (complex or negative roots) iff a &gt; (1 − √μ)². 0: converges without oscillating,
    /// 1: oscillates (converging, or for ever at a = 2(1 + μ)), 2: diverges.
    /// </summary>
    public static int Predicted(double lr, double mu)
    {
        double a = lr * Curvature;
        if (a > 2 * (1 + mu)) return 2;
        return a > Math.Pow(1 - Math.Sqrt(mu), 2) ? 1 : 0;
    }

    /// <summary>The class of a verdict, as <see cref="Predicted"/> numbers them.</summary>
    public static int Observed(string verdict) => verdict switch
    {
        "diverging" => 2,
        "oscillating-forever" or "oscillating-converging" => 1,
        _ => 0,
    };

    /// <summary>How much |w| shrinks per step in the long run: the largest |root| of r² − (1 + μ − lr·h)·r + μ.</summary>
    public static double Factor(double lr, double mu)
    {
        double b = 1 + mu - lr * Curvature, disc = b * b - 4 * mu;
        return disc < 0 ? Math.Sqrt(mu) : Math.Max(Math.Abs((b + Math.Sqrt(disc)) / 2), Math.Abs((b - Math.Sqrt(disc)) / 2));
    }

    private sealed record SweepRun(double Mu, double Lr, List<double> Losses, List<double> Ws, string Verdict)
    {
        public int SignChanges => TrendRule.SignChanges(Ws, 0);
    }

    public override void Run(LessonContext ctx)
    {
        var runs = new List<SweepRun>();
        ctx.Print($"{"momentum",8} {"lr",8} {"final loss",14} {"w sign changes",14}  verdict");
        foreach (double mu in Momenta)
        {
            foreach (double lr in Lrs)
            {
                var x = torch.tensor(new float[] { 1.0f });
                var y_true = torch.tensor(new float[] { 0.0f });
                var w = nn.Parameter(torch.tensor(new float[] { 1.0f }));
                var optimizer = torch.optim.SGD([w], lr, momentum: mu);
                var losses = new List<double>();
                var ws = new List<double> { w.detach().item<float>() };
                for (int step = 0; step < Steps; step++)
                {
                    using var scope = torch.NewDisposeScope();
                    var loss = (w * x - y_true).pow(2).sum();
                    losses.Add(loss.item<float>());
                    // A diverging run is this lesson's point: it stops here and gets its verdict.
                    if (!double.IsFinite(losses[^1])) break;
                    optimizer.zero_grad();
                    loss.backward();
                    optimizer.step();
                    ws.Add(w.detach().item<float>());
                }
                var run = new SweepRun(mu, lr, losses, ws, Verdict(losses, ws));
                ctx.Print($"{PyFormat.Repr(mu),8} {PyFormat.Repr(lr),8} {PyFormat.Scientific(losses[^1], 6),14} {run.SignChanges,14}  {run.Verdict}");
                runs.Add(run);
            }
        }

        ctx.Result("runs", runs.Select(r => new Dictionary<string, object?>
        {
            ["momentum"] = r.Mu,
            ["lr"] = r.Lr,
            ["final_loss"] = r.Losses[^1],
            ["verdict"] = r.Verdict,
            ["w_sign_changes"] = r.SignChanges,
            ["losses"] = r.Losses,
        }));

        foreach (double mu in Momenta)
            SavePlot(ctx, mu, runs.Where(r => r.Mu == mu).ToList(), mu == 0 ? "lr-sweep.png" : "lr-sweep-momentum.png");

        ctx.Note("");
        ctx.Fact("rule");
        foreach (double mu in Momenta)
        {
            ctx.Note("");
            var sweep = runs.Where(r => r.Mu == mu).ToList();
            Theory(ctx, mu);
            foreach (SweepRun run in sweep) Judge(ctx, run);
            Agreement(ctx, mu, sweep);
            Best(ctx, mu, sweep);
        }
        ctx.Note("");
        ctx.Fact("course");
        foreach (double mu in Momenta) CourseVersus(ctx, mu, runs.Where(r => r.Mu == mu).ToList());
    }

    /// <summary>The course's "too high a rate oscillates" beside this sweep: where w starts to oscillate against the best rate.</summary>
    private static void CourseVersus(LessonContext ctx, double mu, List<SweepRun> sweep)
    {
        var finite = sweep.Where(r => r.Verdict != "diverging").ToList();
        var oscillating = sweep.Where(r => Observed(r.Verdict) == 1).ToList();
        if (finite.Count == 0) return;
        double lowest = finite.Min(r => r.Losses[^1]);
        double bestLr = finite.Where(r => r.Losses[^1] == lowest).Min(r => r.Lr);
        if (oscillating.Count == 0)
        {
            ctx.Say(Claim.Fact().Quoting(("μ", mu)), "course.none", M(mu));
            return;
        }
        double onset = oscillating.Min(r => r.Lr);
        var claim = Claim.Compare("smallest lr whose w oscillates", onset, "lr with the lowest final loss", bestLr).Quoting(("μ", mu), ("lowest final loss", lowest));
        ctx.Say(claim, claim.Relation == ">" ? "course.above" : "course.at-or-below", M(mu), PyFormat.Repr(onset), PyFormat.Repr(bestLr), G(lowest));
    }

    /// <summary>The formula's boundaries for this μ on loss = w².</summary>
    private static void Theory(LessonContext ctx, double mu)
    {
        if (mu == 0)
        {
            ctx.Fact("theory.plain");
            return;
        }
        double oscillates = Math.Pow(1 - Math.Sqrt(mu), 2) / Curvature, complexEnd = Math.Pow(1 + Math.Sqrt(mu), 2) / Curvature, stable = 2 * (1 + mu) / Curvature;
        ctx.Fact("theory.momentum", [("μ", mu), ("lr oscillation onset", oscillates), ("lr complex roots end", complexEnd), ("lr stability limit", stable), ("√μ", Math.Sqrt(mu))],
            M(mu), G4(oscillates), G4(stable), G4(oscillates), G4(complexEnd), G4(Math.Sqrt(mu)));
    }

    /// <summary>One sentence per run, worded by its verdict; the numbers it quotes are in its claim.</summary>
    private static void Judge(LessonContext ctx, SweepRun run)
    {
        int taken = run.Ws.Count - 1; // optimizer steps taken (a diverging run stops at its first non-finite loss)
        var quotes = new[] { ("μ", run.Mu), ("lr", run.Lr), ("w sign changes", (double)run.SignChanges), ("steps", (double)taken) };
        var (first, last) = Apart(run.Losses[0], run.Losses[^1]);
        object[] args = [M(run.Mu), PyFormat.Repr(run.Lr), first, last, I(run.SignChanges), I(taken)];
        var loss = Claim.Trend("loss", run.Losses).Quoting(quotes);
        var w = Claim.Trend("w", run.Ws).Quoting(quotes).Quoting(("first loss", run.Losses[0]), ("last loss", run.Losses[^1]));
        switch (run.Verdict)
        {
            case "diverging":
                ctx.Say(loss, double.IsFinite(run.Losses[^1]) ? "run.diverging" : "run.diverging-overflow", args);
                break;
            case "oscillating-forever":
                ctx.Say(w, "run.forever", args);
                break;
            case "constant-loss":
                ctx.Say(loss, "run.constant", args);
                break;
            case "not-moving":
                ctx.Say(w, "run.not-moving", args);
                break;
            case "not-converging":
                ctx.Say(loss, "run.not-converging", args);
                break;
            case "oscillating-converging":
                ctx.Say(w, "run.oscillating", args);
                break;
            default:
                string kind = run.Verdict == "slow" ? "run.slow" : "run.converging";
                ctx.Say(loss, kind + (loss.Direction == TrendDirection.Decreasing ? "" : "-bumpy"), args);
                break;
        }
        int zero = run.Losses.FindIndex(l => l == 0);
        if (zero < 0) return;
        int zeros = run.Losses.Count(l => l == 0);
        var at = Claim.Threshold("loss", run.Losses[zero], 0).Quoting(("μ", run.Mu), ("lr", run.Lr), ("step", zero), ("losses at 0", zeros), ("losses", run.Losses.Count));
        bool oneStep = run.Mu == 0 && run.Lr * Curvature == 1 && zero == 1 && zeros == run.Losses.Count - 1;
        string key = oneStep ? "zero.one-step" : run.Ws[zero] == 0 ? "zero.w" : "zero.underflow";
        ctx.Say(at, key, M(run.Mu), PyFormat.Repr(run.Lr), I(zero), I(zeros), I(run.Losses.Count));
    }

    /// <summary>Whether every run's verdict is the formula's prediction for its lr and μ.</summary>
    private static void Agreement(LessonContext ctx, double mu, List<SweepRun> sweep)
    {
        double[] predicted = sweep.Select(r => (double)Predicted(r.Lr, mu)).ToArray();
        double[] observed = sweep.Select(r => (double)Observed(r.Verdict)).ToArray();
        var claim = Claim.Identity("formula: 0 converges, 1 oscillates, 2 diverges", predicted, "verdict, same classes", observed, 0)
            .Quoting(sweep.Select((r, i) => ($"lr {i + 1}", r.Lr)).Append(("μ", mu)).ToArray());
        if (claim.MaxAbsDiff == 0)
        {
            ctx.Say(claim, "formula.agrees", M(mu));
            return;
        }
        var wrong = sweep.Where((r, i) => predicted[i] != observed[i])
            .Select(r => Texts.Format(ctx.TextOwner!, "formula.case", PyFormat.Repr(r.Lr), Texts.Get(ctx.TextOwner!, $"class.{Predicted(r.Lr, mu)}"), Texts.Get(ctx.TextOwner!, $"verdict.{r.Verdict}")));
        int steps = sweep.Max(r => r.Ws.Count - 1);
        ctx.Say(claim.Quoting(("steps", steps)), "formula.disagrees", M(mu), string.Join(Texts.Get(ctx.TextOwner!, "formula.separator"), wrong), I(steps));
    }

    /// <summary>The lowest final loss of the sweep, and what kind of run gave it.</summary>
    private static void Best(LessonContext ctx, double mu, List<SweepRun> sweep)
    {
        var finite = sweep.Where(r => r.Verdict != "diverging").ToList();
        if (finite.Count == 0)
        {
            ctx.Say(Claim.Rank(sweep.Select(r => ($"lr {PyFormat.Repr(r.Lr)}", r.Losses[^1]))).Quoting(("μ", mu)), "best.none", M(mu));
            return;
        }
        var rank = Claim.Rank(finite.Select(r => ($"lr {PyFormat.Repr(r.Lr)}", r.Losses[^1]))).Quoting(("μ", mu));
        double lowest = rank.Scores[0];
        var best = finite.Where(r => r.Losses[^1] == lowest).ToList();
        string lrs = string.Join(", ", best.Select(r => PyFormat.Repr(r.Lr)));
        rank = rank.Quoting(best.Select((r, i) => ($"best lr {i + 1}", r.Lr)).ToArray());
        ctx.Say(rank, "best", M(mu), lrs, G(lowest));
        // The best run's own w: when it zig-zags, that is said from its w series (a trend claim), not from the ranking.
        if (best.FirstOrDefault(r => r.Verdict == "oscillating-converging") is { } swinging)
        {
            var w = Claim.Trend("w", swinging.Ws).Quoting(("μ", mu), ("lr", swinging.Lr), ("w sign changes", swinging.SignChanges));
            ctx.Say(w, "best.oscillating", M(mu), PyFormat.Repr(swinging.Lr), I(swinging.SignChanges));
        }
    }

    private void SavePlot(LessonContext ctx, double mu, List<SweepRun> sweep, string file)
    {
        var plot = Figures.Create(T("plot.title", M(mu), sweep.Count), T("plot.x"), T("plot.y"));
        plot.UseLogY();
        // A loss of exactly 0 has no place on a log axis: it is drawn a decade below the smallest positive loss, marked ▼.
        double smallest = sweep.SelectMany(r => r.Losses).Where(l => l > 0 && double.IsFinite(l)).DefaultIfEmpty(1).Min();
        double floor = Math.Pow(10, Math.Floor(Math.Log10(smallest)) - 1);
        var zeros = new List<(double Step, double Loss)>();
        foreach (SweepRun run in sweep)
        {
            // A diverged run's curve ends where its loss stopped being a number.
            var shown = run.Losses.Select((l, t) => (t, l)).Where(p => double.IsFinite(p.l)).Select(p => (p.t, l: p.l > 0 ? p.l : floor)).ToArray();
            if (shown.Length == 0) continue;
            string mark = mu == 0 && run.Lr * Curvature == 1 ? T("plot.mark-one-step") : mu == 0 && run.Lr * Curvature == 2 ? T("plot.mark-flip") : "";
            var line = plot.LineLogY(shown.Select(p => (double)p.t).ToArray(), shown.Select(p => p.l).ToArray(),
                T("plot.legend", PyFormat.Repr(run.Lr), T($"verdict.{run.Verdict}")) + mark);
            line.Color = SeriesColors.Rate(run.Lr);
            // An oscillating run dashed: at μ = 0, lr and 1 − lr give the same losses (w and −w), and the dashes keep both visible.
            if (Observed(run.Verdict) == 1) line.LinePattern = ScottPlot.LinePattern.Dashed;
            int zero = run.Losses.FindIndex(l => l == 0);
            if (zero >= 0) zeros.Add((zero, floor));
        }
        if (zeros.Count > 0)
        {
            var marks = plot.Add.ScatterPoints(zeros.Select(z => z.Step).ToArray(), zeros.Select(z => Math.Log10(z.Loss)).ToArray());
            marks.MarkerShape = ScottPlot.MarkerShape.FilledTriangleDown;
            marks.MarkerSize = 12;
            marks.Color = ScottPlot.Colors.Black;
            marks.LegendText = T("plot.zero", G(floor));
        }
        ctx.Save(plot, file);
    }

    private static string G(double v) => PyFormat.General(v, 3);

    /// <summary>Two numbers with 3 significant digits, or more (up to 9) until they read differently when they differ.</summary>
    private static (string A, string B) Apart(double a, double b)
    {
        for (int digits = 3; digits < 9; digits++)
            if (a == b || PyFormat.General(a, digits) != PyFormat.General(b, digits)) return (PyFormat.General(a, digits), PyFormat.General(b, digits));
        return (PyFormat.General(a, 9), PyFormat.General(b, 9));
    }

    private static string G4(double v) => PyFormat.General(v, 4);

    private static string M(double mu) => PyFormat.General(mu, 6);

    private static string I(int n) => n.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
